//! Printed attendance documents: badges (participant cards with the check-in QR), the
//! *daftar hadir* of a session (blank to sign, or filled with check-in times), and the
//! recap of attendance per session and per OPD (PDF or XLSX).
//!
//! Core gathers the data and formats it as Indonesian documents print it; `bintek-docs`
//! lays it out. Nothing here writes to the database: printing badges or a sheet checks no
//! one in.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use bintek_docs::attendance::{
    render_attendance_sheet, render_recap, RecapOpd, RecapSession, RecapView, SheetRow, SheetView,
    SignOff,
};
use bintek_docs::badges::{render_badges, Badge, BadgeLayout, BadgesView};
use bintek_docs::pdf::Fonts;
use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};

use crate::agency::Kop;
use crate::agenda::{dotted, event_or_404};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::model::{Event, Participant, Role, Session, Signatory};
use crate::store::agenda as sq;
use crate::store::attendance as aq;
use crate::store::people::{list_participants, ParticipantFilter};

/// At most this many blank rows for walk-ins on a daftar hadir.
pub const MAX_BLANK_ROWS: usize = 200;
/// Blank rows when the caller does not say.
pub const DEFAULT_BLANK_ROWS: usize = 10;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct BadgesArgs {
    pub event_id: String,
    /// `eight_per_page` (default, with cut marks) or `one_per_page`.
    pub layout: Option<BadgeLayout>,
    /// `participant` (default), `speaker`, `moderator`, `committee` or `all`.
    pub role: Option<String>,
    /// Only this OPD's people.
    pub opd_id: Option<String>,
    /// Only these registrations (e.g. reprint one lost card).
    pub registration_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SheetArgs {
    pub event_id: String,
    pub session_id: String,
    /// Mark who checked in and when.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub filled: bool,
    /// `opd` (default: by OPD, then name) or `name`.
    pub sort: Option<String>,
    /// Empty numbered rows for walk-ins (default 10, at most 200).
    pub blank_rows: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RecapArgs {
    pub event_id: String,
    /// `pdf` (default) or `xlsx`.
    pub format: Option<String>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// "Purwodadi, 17 September 2019": where and when a document is signed.
fn place_date(event: &Event, date: Option<NaiveDate>) -> String {
    let date = date
        .map(crate::format::date_long)
        .unwrap_or_else(|| crate::format::date_long(chrono::Local::now().date_naive()));
    match event
        .city
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(city) => format!("{city}, {date}"),
        None => date,
    }
}

fn signoff(event: &Event, signatories: &[Signatory], date: Option<NaiveDate>) -> Option<SignOff> {
    signatories.first().map(|s| SignOff {
        place_date: place_date(event, date),
        position: s.position.clone(),
        name: s.name.clone(),
        nip: s
            .nip
            .as_deref()
            .map(crate::ids::format_nip)
            .unwrap_or_default(),
    })
}

/// "Gedung Riptaloka, Purwodadi · Selasa–Rabu, 17–18 September 2019".
fn event_lines(event: &Event) -> Vec<String> {
    let mut lines = Vec::new();
    let place = [event.venue.as_deref(), event.city.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        lines.push(place);
    }
    if let Some(days) = crate::format::event_days(&event.start_date, &event.end_date) {
        lines.push(days);
    }
    lines
}

fn footer() -> Option<String> {
    let today = crate::format::date_long(chrono::Local::now().date_naive());
    Some(format!("Dicetak dari Bintek, {today}"))
}

pub(crate) fn pdf_error(e: bintek_docs::pdf::PdfError) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// A file name from a prefix and the event title, short enough for Windows paths.
fn file_name(prefix: &str, title: &str, ext: &str) -> String {
    let name: String = format!("{prefix}-{title}").chars().take(80).collect();
    format!("{name}.{ext}")
}

/// "Hari ke-1" for a session date relative to the event's start.
fn day_number(event: &Event, date: &str) -> Option<i64> {
    Some((parse_date(date)? - parse_date(&event.start_date)?).num_days() + 1)
}

/// Registered participants (role participant) of an event, all of them.
fn registered(
    conn: &rusqlite::Connection,
    event_id: &str,
    role: Option<&str>,
) -> rusqlite::Result<Vec<Participant>> {
    list_participants(
        conn,
        &ParticipantFilter {
            event_id,
            role,
            status: Some("registered"),
            ..Default::default()
        },
    )
}

/// Whether the *daftar hadir* lists people by name (else by OPD, then name).
fn sheet_sorted_by_name(sort: Option<&str>) -> Result<bool, ApiError> {
    match sort.map(str::trim) {
        None | Some("") | Some("opd") => Ok(false),
        Some("name") | Some("nama") => Ok(true),
        Some(_) => Err(ApiError::field(
            "sort",
            "Urutan tidak dikenal: pilih \"opd\" atau \"name\".",
        )),
    }
}

/// The lines above a *daftar hadir*: day and date, session, place (when known).
fn session_info(
    event: &Event,
    session: &Session,
    date: Option<NaiveDate>,
) -> Vec<(String, String)> {
    let mut info = Vec::new();
    let day = date
        .map(crate::format::date_with_day)
        .unwrap_or_else(|| session.date.clone());
    info.push((
        "Hari/Tanggal".to_string(),
        match day_number(event, &session.date) {
            Some(n) => format!("{day} (hari ke-{n})"),
            None => day,
        },
    ));
    info.push((
        "Sesi".to_string(),
        format!(
            "{}–{} · {}",
            dotted(&session.start_time),
            dotted(&session.end_time),
            session.title
        ),
    ));
    let place = session
        .room
        .clone()
        .filter(|r| !r.trim().is_empty())
        .or_else(|| event.venue.clone())
        .unwrap_or_default();
    if !place.trim().is_empty() {
        info.push(("Tempat".to_string(), place));
    }
    info
}

/// One person's line of a *daftar hadir*, with the check-in time when there is one.
fn sheet_row(p: &Participant, times: &HashMap<String, String>) -> SheetRow {
    SheetRow {
        name: p.name.clone(),
        nip: p
            .nip
            .as_deref()
            .map(crate::ids::format_nip)
            .unwrap_or_default(),
        position: p.position.clone().unwrap_or_default(),
        opd: p.agency(),
        checked_in_at: times.get(&p.id).map(|at| crate::checkin::local_hhmm(at)),
    }
}

/// Sorts by OPD (no OPD last), then name; or by name alone.
fn sort_people(people: &mut [Participant], by_name: bool) {
    let key = |s: &Option<String>| s.as_deref().map(crate::store::people::name_key);
    people.sort_by_cached_key(|p| {
        let name = crate::store::people::name_key(&p.name);
        if by_name {
            (false, None, name)
        } else {
            let opd = key(&p.opd);
            (opd.is_none(), opd, name)
        }
    });
}

impl Api {
    /// Badges (participant cards) with the check-in QR: 8 per A4 with cut marks, or one per
    /// page. Printing them checks no one in.
    pub(crate) fn badges_pdf(
        &self,
        _caller: &Caller,
        args: BadgesArgs,
    ) -> Result<FilePayload, ApiError> {
        let role = crate::certificates::role_or_participants(args.role.as_deref())?;
        let (event, kop, mut people) = {
            let conn = self.read();
            let event = event_or_404(&conn, &args.event_id)?;
            let kop = Kop::read(&conn, &event)?;
            let people = registered(&conn, &event.id, role.map(Role::as_str))?;
            (event, kop, people)
        };
        if let Some(opd) = args.opd_id.as_deref().filter(|o| !o.is_empty()) {
            people.retain(|p| p.opd_id.as_deref() == Some(opd));
        }
        if let Some(ids) = &args.registration_ids {
            people.retain(|p| ids.contains(&p.id));
            if people.is_empty() {
                return Err(ApiError::field(
                    "registration_ids",
                    "Peserta yang dipilih tidak terdaftar (aktif) di kegiatan ini.",
                )
                .with_code(ErrorCode::NotFound));
            }
        }
        if people.len() > bintek_docs::badges::MAX_BADGES {
            return Err(ApiError::field(
                "event_id",
                format!(
                    "Terlalu banyak kartu untuk satu berkas ({} orang; paling banyak {}). Cetak per OPD.",
                    people.len(),
                    bintek_docs::badges::MAX_BADGES
                ),
            ));
        }
        sort_people(&mut people, false);
        let view = BadgesView {
            organizer: kop.heading.join(" · "),
            event_title: event.title.clone(),
            subtitle: event_lines(&event).join(" · "),
            badges: people
                .iter()
                .map(|p| Badge {
                    name: p.name.clone(),
                    opd: p.agency(),
                    role: p.role.label().to_uppercase(),
                    code: p.code.clone(),
                })
                .collect(),
        };
        let bytes = render_badges(
            &view,
            args.layout.unwrap_or_default(),
            &Fonts::dejavu_sans(),
        )
        .map_err(pdf_error)?;
        // The Beranda counts who still has no card. A damaged database (opened read-only)
        // still prints; it only cannot remember the print.
        if !self.is_read_only() {
            let ids: Vec<&str> = people.iter().map(|p| p.id.as_str()).collect();
            let now = crate::store::now();
            self.write(|tx| Ok(crate::store::overview::mark_badges_printed(tx, &ids, &now)?))?;
        }
        Ok(FilePayload::new(
            &file_name("kartu-peserta", &event.title, "pdf"),
            &bytes,
        ))
    }

    /// The *daftar hadir* of one session: participants sorted by OPD then name (or by
    /// name), numbered blank rows for walk-ins, the signatory's "Mengetahui" block; filled,
    /// it shows who checked in and when.
    pub(crate) fn attendance_sheet_pdf(
        &self,
        _caller: &Caller,
        args: SheetArgs,
    ) -> Result<FilePayload, ApiError> {
        let by_name = sheet_sorted_by_name(args.sort.as_deref())?;
        let blank_rows = args.blank_rows.unwrap_or(DEFAULT_BLANK_ROWS);
        if blank_rows > MAX_BLANK_ROWS {
            return Err(ApiError::field(
                "blank_rows",
                format!("Baris kosong paling banyak {MAX_BLANK_ROWS}."),
            ));
        }
        let (event, kop, session, mut people, times, signatories) = {
            let conn = self.read();
            let event = event_or_404(&conn, &args.event_id)?;
            let kop = Kop::read(&conn, &event)?;
            let session = session_of_event(&conn, &event.id, &args.session_id)?;
            let people = registered(&conn, &event.id, Some(Role::Participant.as_str()))?;
            let times = aq::checkin_times(&conn, &session.id)?;
            let signatories = sq::list_signatories(&conn, &event.id)?;
            (event, kop, session, people, times, signatories)
        };
        sort_people(&mut people, by_name);
        let date = parse_date(&session.date);
        let view = SheetView {
            letterhead: kop.heading,
            letterhead_details: kop.details,
            letterhead_logo: kop.logo,
            title: "DAFTAR HADIR PESERTA".to_string(),
            event_title: event.title.clone(),
            info: session_info(&event, &session, date),
            rows: people.iter().map(|p| sheet_row(p, &times)).collect(),
            blank_rows,
            filled: args.filled,
            signoff: signoff(&event, &signatories, date),
            footer: footer(),
        };
        let bytes = render_attendance_sheet(&view, &Fonts::dejavu_sans()).map_err(pdf_error)?;
        let n = day_number(&event, &session.date).unwrap_or(1);
        let prefix = format!(
            "daftar-hadir{}-hari{n}-{}",
            if args.filled { "-terisi" } else { "" },
            session.start_time.replace(':', "")
        );
        Ok(FilePayload::new(
            &file_name(&prefix, &event.title, "pdf"),
            &bytes,
        ))
    }

    /// The attendance recap per session and per OPD with percentages, as PDF or XLSX. The
    /// XLSX also lists every participant with their check-in time per session.
    pub(crate) fn attendance_recap(
        &self,
        _caller: &Caller,
        args: RecapArgs,
    ) -> Result<FilePayload, ApiError> {
        let xlsx = match args.format.as_deref().map(|f| f.trim().to_lowercase()) {
            None => false,
            Some(f) if f.is_empty() || f == "pdf" => false,
            Some(f) if f == "xlsx" => true,
            Some(_) => {
                return Err(ApiError::field(
                    "format",
                    "Format tidak dikenal: pilih \"pdf\" atau \"xlsx\".",
                ))
            }
        };
        let (event, kop, sessions, mut people, attendance, signatories) = {
            let conn = self.read();
            let event = event_or_404(&conn, &args.event_id)?;
            let kop = Kop::read(&conn, &event)?;
            let sessions: Vec<Session> = sq::list_sessions(&conn, &event.id)?
                .into_iter()
                .filter(|s| s.takes_attendance)
                .collect();
            let people = registered(&conn, &event.id, Some(Role::Participant.as_str()))?;
            let attendance = aq::event_checkins(&conn, &event.id)?;
            let signatories = sq::list_signatories(&conn, &event.id)?;
            (event, kop, sessions, people, attendance, signatories)
        };
        if sessions.is_empty() {
            return Err(ApiError::field(
                "event_id",
                "Belum ada sesi yang mencatat kehadiran: tambahkan sesi di Agenda terlebih dahulu.",
            ));
        }
        sort_people(&mut people, false);
        let recap = Recap::build(&event, &sessions, &people, &attendance);
        if xlsx {
            let bytes = recap
                .xlsx(&sessions, &people, &attendance)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            return Ok(FilePayload::new(
                &file_name("rekap-kehadiran", &event.title, "xlsx"),
                &bytes,
            ));
        }
        let last_day = sessions.last().and_then(|s| parse_date(&s.date));
        let view = RecapView {
            letterhead: kop.heading,
            letterhead_details: kop.details,
            letterhead_logo: kop.logo,
            title: "REKAP KEHADIRAN PESERTA".to_string(),
            event_title: event.title.clone(),
            subtitle: event_lines(&event),
            sessions: recap.sessions.clone(),
            opds: recap.opds.clone(),
            signoff: signoff(&event, &signatories, last_day),
            footer: footer(),
        };
        let bytes = render_recap(&view, &Fonts::dejavu_sans()).map_err(pdf_error)?;
        Ok(FilePayload::new(
            &file_name("rekap-kehadiran", &event.title, "pdf"),
            &bytes,
        ))
    }
}

fn session_of_event(
    conn: &rusqlite::Connection,
    event_id: &str,
    session_id: &str,
) -> Result<Session, ApiError> {
    if session_id.trim().is_empty() {
        return Err(ApiError::field("session_id", "Pilih sesinya."));
    }
    match sq::get_session(conn, session_id)? {
        Some(s) if s.event_id == event_id => Ok(s),
        _ => Err(
            ApiError::field("session_id", "Sesi tidak ditemukan di kegiatan ini.")
                .with_code(ErrorCode::NotFound),
        ),
    }
}

/// Percent rounded half up; `None` when nobody was expected.
fn percent(present: u32, registered: u32) -> Option<u32> {
    crate::format::percent(i64::from(present), i64::from(registered)).map(|p| p as u32)
}

/// The recap's numbers, shared by the PDF and the XLSX.
struct Recap {
    sessions: Vec<RecapSession>,
    opds: Vec<RecapOpd>,
}

impl Recap {
    fn build(
        event: &Event,
        sessions: &[Session],
        people: &[Participant],
        attendance: &HashMap<(String, String), String>,
    ) -> Recap {
        let index: HashMap<&str, usize> = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut per_session = vec![0u32; sessions.len()];
        let mut opds: Vec<RecapOpd> = Vec::new();
        let mut opd_index: HashMap<Option<&str>, usize> = HashMap::new();
        for p in people {
            let i = *opd_index.entry(p.opd_id.as_deref()).or_insert_with(|| {
                opds.push(RecapOpd {
                    name: p.opd.clone().unwrap_or_else(|| "(Tanpa OPD)".to_string()),
                    registered: 0,
                    present: vec![0; sessions.len()],
                });
                opds.len() - 1
            });
            opds[i].registered += 1;
            for s in sessions {
                if attendance.contains_key(&(p.id.clone(), s.id.clone())) {
                    let k = index[s.id.as_str()];
                    opds[i].present[k] += 1;
                    per_session[k] += 1;
                }
            }
        }
        let total = people.len() as u32;
        let sessions = sessions
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let n = day_number(event, &s.date).unwrap_or(1);
                let nth = sessions[..k].iter().filter(|o| o.date == s.date).count() + 1;
                let day = parse_date(&s.date)
                    .map(|d| {
                        format!(
                            "{}, {}",
                            crate::format::day_name(d),
                            crate::format::date_long(d)
                        )
                    })
                    .unwrap_or_else(|| s.date.clone());
                RecapSession {
                    label: format!("H{n}-S{nth}"),
                    detail: format!(
                        "{day} · {}–{} · {}",
                        dotted(&s.start_time),
                        dotted(&s.end_time),
                        s.title
                    ),
                    registered: total,
                    present: per_session[k],
                }
            })
            .collect();
        Recap { sessions, opds }
    }

    fn xlsx(
        &self,
        sessions: &[Session],
        people: &[Participant],
        attendance: &HashMap<(String, String), String>,
    ) -> Result<Vec<u8>, bintek_docs::sheet::WriteError> {
        write_xlsx(&[
            self.per_session_sheet(),
            self.per_opd_sheet(),
            self.per_person_sheet(sessions, people, attendance),
        ])
    }

    fn per_session_sheet(&self) -> OutSheet {
        OutSheet {
            name: "Per Sesi".to_string(),
            header: ["No", "Kode", "Sesi", "Terdaftar", "Hadir", "Persen (%)"]
                .map(String::from)
                .to_vec(),
            rows: self
                .sessions
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        OutCell::Number((i + 1) as f64),
                        OutCell::Text(s.label.clone()),
                        OutCell::Text(s.detail.clone()),
                        OutCell::Number(s.registered as f64),
                        OutCell::Number(s.present as f64),
                        percent_cell(s.present, s.registered),
                    ]
                })
                .collect(),
            widths: vec![5.0, 8.0, 70.0, 11.0, 8.0, 11.0],
        }
    }

    /// One row per OPD and a total row: registered, present and percent per session,
    /// and the average.
    fn per_opd_sheet(&self) -> OutSheet {
        let mut header = vec!["No".to_string(), "OPD".to_string(), "Terdaftar".to_string()];
        for s in &self.sessions {
            header.push(format!("{} Hadir", s.label));
            header.push(format!("{} %", s.label));
        }
        header.push("Rata-rata %".to_string());
        let mut rows: Vec<Vec<OutCell>> = self
            .opds
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let no = OutCell::Number((i + 1) as f64);
                opd_row(no, &o.name, o.registered, &o.present)
            })
            .collect();
        let total: u32 = self.opds.iter().map(|o| o.registered).sum();
        let presents: Vec<u32> = self.sessions.iter().map(|s| s.present).collect();
        rows.push(opd_row(OutCell::Empty, "Jumlah", total, &presents));
        OutSheet {
            name: "Per OPD".to_string(),
            header,
            rows,
            widths: vec![5.0, 45.0],
        }
    }

    /// One row per person: the check-in time per session, how many and the percent.
    fn per_person_sheet(
        &self,
        sessions: &[Session],
        people: &[Participant],
        attendance: &HashMap<(String, String), String>,
    ) -> OutSheet {
        let mut header: Vec<String> = ["No", "Nama", "NIP", "OPD"].map(String::from).to_vec();
        header.extend(self.sessions.iter().map(|s| s.label.clone()));
        header.push("Jumlah Hadir".to_string());
        header.push("Persen (%)".to_string());
        let n = sessions.len() as u32;
        let rows = people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut row = vec![
                    OutCell::Number((i + 1) as f64),
                    OutCell::Text(p.name.clone()),
                    OutCell::Text(
                        p.nip
                            .as_deref()
                            .map(crate::ids::format_nip)
                            .unwrap_or_default(),
                    ),
                    OutCell::Text(p.agency()),
                ];
                let mut present = 0;
                for s in sessions {
                    match attendance.get(&(p.id.clone(), s.id.clone())) {
                        Some(at) => {
                            present += 1;
                            row.push(OutCell::Text(crate::checkin::local_hhmm(at)));
                        }
                        None => row.push(OutCell::Empty),
                    }
                }
                row.push(OutCell::Number(present as f64));
                row.push(percent_cell(present, n));
                row
            })
            .collect();
        OutSheet {
            name: "Per Peserta".to_string(),
            header,
            rows,
            widths: vec![5.0, 35.0, 22.0, 40.0],
        }
    }
}

/// A percent as a number cell, empty when there is nothing to divide by.
fn percent_cell(present: u32, registered: u32) -> OutCell {
    match percent(present, registered) {
        Some(v) => OutCell::Number(v as f64),
        None => OutCell::Empty,
    }
}

/// A row of the per-OPD sheet: number, name, registered, present and percent per
/// session, and the average percent over the sessions.
fn opd_row(no: OutCell, name: &str, registered: u32, present: &[u32]) -> Vec<OutCell> {
    let mut row = vec![
        no,
        OutCell::Text(name.to_string()),
        OutCell::Number(registered as f64),
    ];
    for &p in present {
        row.push(OutCell::Number(p as f64));
        row.push(percent_cell(p, registered));
    }
    let sum: u32 = present.iter().sum();
    row.push(percent_cell(sum, registered * present.len().max(1) as u32));
    row
}
