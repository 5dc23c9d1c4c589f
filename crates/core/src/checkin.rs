//! Use-cases of the check-in desk: check someone in for a session (by code, NIP or name),
//! idempotently; undo; walk-ins; what a desk sees as it types; live counts.

use crate::model::CheckinMethod;
use crate::tx::Tx;
use chrono::{Local, NaiveTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::model::Session;
use crate::participants::{ParticipantAddArgs, PersonInput};
use crate::store::people::{self as pq, ParticipantFilter};
use crate::store::{self, agenda as sq, attendance as aq};

pub use crate::store::attendance::{AttendanceRow, OpdCount};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CheckinArgs {
    pub event_id: String,
    /// Default: the session running now (by the clock).
    pub session_id: Option<String>,
    /// What was scanned or typed: a check-in code, an NIP, or a unique part of a name.
    pub code: String,
    pub desk: Option<String>,
    /// One id per Enter: a retried request gets its first answer, nothing is written twice.
    pub nonce: Option<String>,
    /// scan, search or manual; default: scan.
    pub method: Option<CheckinMethod>,
}

/// The person as the desk shows them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
pub struct DeskPerson {
    pub registration_id: String,
    pub name: String,
    pub nip: Option<String>,
    pub opd: Option<String>,
    pub code: String,
    #[ts(as = "crate::model::Role")]
    pub role: String,
}

/// What a check-in or an undo did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckinStatus {
    CheckedIn,
    AlreadyCheckedIn,
    Undone,
}

impl CheckinStatus {
    /// The word in `scan_log.result`, the same as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinStatus::CheckedIn => "checked_in",
            CheckinStatus::AlreadyCheckedIn => "already_checked_in",
            CheckinStatus::Undone => "undone",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckinResult {
    pub status: CheckinStatus,
    pub person: DeskPerson,
    pub session_id: String,
    /// When the attendance was (first) recorded, RFC 3339 UTC.
    pub at: String,
    pub desk: Option<String>,
    pub method: CheckinMethod,
    /// What the desk says, in Bahasa Indonesia.
    pub message: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct UndoArgs {
    pub event_id: String,
    pub session_id: String,
    pub registration_id: String,
    pub desk: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct HistoryArgs {
    pub event_id: String,
    pub registration_id: String,
}

/// One check-in of a person and its undo, if it was undone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
pub struct HistoryEntry {
    pub session_id: String,
    pub session_title: String,
    pub session_date: String,
    pub session_start: String,
    /// When they were checked in, RFC 3339 UTC.
    pub at: String,
    pub desk: Option<String>,
    /// `None` when not recorded (before schema v9).
    pub method: Option<CheckinMethod>,
    pub undone_at: Option<String>,
    /// The desk (or organizer's door) that undid it.
    pub undone_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AttendanceHistory {
    pub person: DeskPerson,
    pub entries: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct AbsentArgs {
    pub event_id: String,
    /// Default: the session running now.
    pub session_id: Option<String>,
    /// Part of a name, an OPD, NIP digits or a check-in code.
    pub q: Option<String>,
    /// At most this many people (default 100, at most 500); `matched` counts them all.
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AbsentList {
    pub session_id: String,
    /// Registered participants not yet checked in to the session.
    pub total: i64,
    /// How many of them match `q`.
    pub matched: i64,
    /// The first `limit` of those, by name.
    pub people: Vec<DeskHit>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct DeskSearchArgs {
    pub event_id: String,
    pub session_id: Option<String>,
    pub q: String,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DeskHit {
    pub registration_id: String,
    pub code: String,
    pub name: String,
    pub nip: Option<String>,
    pub opd: Option<String>,
    /// Jabatan: with the OPD, what tells two people of one name apart at the desk.
    pub position: Option<String>,
    pub role: crate::model::Role,
    pub status: crate::model::RegistrationStatus,
    pub checked_in_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct AttendanceArgs {
    pub event_id: String,
    pub session_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AttendanceCounts {
    pub session_id: String,
    pub present: i64,
    pub registered: i64,
    pub opds: Vec<OpdCount>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct WalkinArgs {
    pub event_id: String,
    pub session_id: Option<String>,
    #[serde(flatten)]
    pub person: PersonInput,
    pub desk: Option<String>,
    /// The clerk confirmed adding the typed OPD, which matches none, as a new OPD.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub create_opd: bool,
}

/// `08:12` of an RFC 3339 UTC time, in the computer's local time, as Indonesians write it.
pub(crate) fn local_hhmm(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Local).format("%H.%M").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// The session a desk checks into now: today's attendance-taking session running now
/// (from 30 minutes before its start), else the next one today.
pub fn current_session(sessions: &[Session]) -> Option<&Session> {
    let now = Local::now();
    let today = now.date_naive().format("%Y-%m-%d").to_string();
    let time = now.time();
    let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    let todays: Vec<&Session> = sessions
        .iter()
        .filter(|s| s.takes_attendance && s.date == today)
        .collect();
    todays
        .iter()
        .find(|s| match (parse(&s.start_time), parse(&s.end_time)) {
            (Some(a), Some(b)) => time + chrono::Duration::minutes(30) >= a && time < b,
            _ => false,
        })
        .or_else(|| {
            todays
                .iter()
                .find(|s| parse(&s.start_time).is_some_and(|a| a > time))
        })
        .copied()
}

fn resolve_session(
    conn: &Connection,
    event_id: &str,
    session_id: Option<&str>,
) -> Result<Session, ApiError> {
    let sessions = sq::list_sessions(conn, event_id)?;
    match session_id.filter(|s| !s.is_empty()) {
        Some(id) => sessions.into_iter().find(|s| s.id == id).ok_or_else(|| {
            ApiError::field("session_id", "Sesi tidak ditemukan di kegiatan ini.")
                .with_code(ErrorCode::NotFound)
        }),
        None => current_session(&sessions).cloned().ok_or_else(|| {
            ApiError::field(
                "session_id",
                "Tidak ada sesi yang sedang berlangsung sekarang; pilih sesinya.",
            )
        }),
    }
}

fn person_of(
    conn: &Connection,
    event_id: &str,
    registration_id: &str,
) -> Result<DeskPerson, ApiError> {
    let p = pq::list_participants(
        conn,
        &ParticipantFilter {
            event_id,
            registration_id: Some(registration_id),
            ..Default::default()
        },
    )?
    .into_iter()
    .next()
    .ok_or_else(|| ApiError::not_found("Peserta tidak ditemukan."))?;
    Ok(DeskPerson {
        registration_id: p.id,
        name: p.name,
        nip: p.nip,
        opd: p.opd,
        code: p.code,
        role: p.role.as_str().to_string(),
    })
}

/// Finds the registration a desk means: a check-in code, an NIP, or a name that matches
/// exactly one person registered in the event.
fn find_registration(
    conn: &Connection,
    event_id: &str,
    input: &str,
) -> Result<pq::RegistrationRow, ApiError> {
    let text = input.trim();
    let code: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    let by_code: Option<pq::RegistrationRow> = if code.len() == crate::participants::CODE_LEN {
        match aq::registration_by_code(conn, &code)? {
            Some(id) => pq::get_registration(conn, &id)?,
            None => None,
        }
    } else {
        None
    };
    let found = match by_code {
        Some(r) => Some(r),
        None => {
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            if digits.len() == 18 {
                match aq::registration_by_nip(conn, &digits, event_id)? {
                    Some(id) => pq::get_registration(conn, &id)?,
                    None => None,
                }
            } else if text.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                let hits = pq::list_participants(
                    conn,
                    &ParticipantFilter {
                        event_id,
                        query: Some(text),
                        status: Some("registered"),
                        limit: Some(2),
                        ..Default::default()
                    },
                )?;
                if hits.len() > 1 {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!("Lebih dari satu orang cocok dengan \"{text}\"; ketik lebih lengkap atau pindai kodenya."),
                    ));
                }
                match hits.first() {
                    Some(p) => pq::get_registration(conn, &p.id)?,
                    None => None,
                }
            } else {
                None
            }
        }
    };
    let reg = found.ok_or_else(|| {
        ApiError::not_found(format!(
            "\"{text}\" tidak dikenal: bukan kode, NIP, atau nama peserta kegiatan ini."
        ))
    })?;
    if reg.event_id != event_id {
        return Err(ApiError::new(
            ErrorCode::NotRegistered,
            "Terdaftar di kegiatan lain, bukan kegiatan ini.",
        ));
    }
    match reg.status.as_str() {
        "cancelled" => Err(ApiError::new(
            ErrorCode::Cancelled,
            "Pendaftaran orang ini sudah dibatalkan.",
        )),
        "replaced" => {
            let who = match &reg.replaced_by_id {
                Some(id) => pq::get_registration(conn, id)?
                    .and_then(|r| pq::get_person(conn, &r.person_id).ok().flatten())
                    .map(|p| p.name),
                None => None,
            };
            Err(ApiError::new(
                ErrorCode::Cancelled,
                match who {
                    Some(n) => format!("Orang ini sudah digantikan oleh {n}."),
                    None => "Orang ini sudah digantikan.".to_string(),
                },
            ))
        }
        _ => Ok(reg),
    }
}

/// Records a check-in (or finds the one already there) inside the caller's transaction.
fn record(
    tx: &Connection,
    event_id: &str,
    session: &Session,
    registration_id: &str,
    desk: Option<&str>,
    method: CheckinMethod,
    nonce: Option<&str>,
) -> Result<CheckinResult, ApiError> {
    let now = store::now();
    let existing = aq::get_checkin(tx, registration_id, &session.id)?;
    let person = person_of(tx, event_id, registration_id)?;
    let (status, at, desk_out, method_out) = match existing {
        Some(aq::CheckinRow {
            at,
            undone_at: None,
            desk: d,
            method: m,
        }) => (CheckinStatus::AlreadyCheckedIn, at, d, m),
        undone_or_none => {
            // An undone row comes back to life; otherwise a new one is written.
            let write = match undone_or_none {
                Some(_) => aq::revive_checkin,
                None => aq::insert_checkin,
            };
            write(
                tx,
                registration_id,
                &session.id,
                &now,
                desk,
                method.as_str(),
                nonce,
            )?;
            (
                CheckinStatus::CheckedIn,
                now.clone(),
                desk.map(str::to_string),
                method,
            )
        }
    };
    let fresh = status == CheckinStatus::CheckedIn;
    let message = if fresh {
        format!("Hadir: {}", person.name)
    } else {
        format!("{} sudah hadir pukul {}", person.name, local_hhmm(&at))
    };
    aq::insert_scan(
        tx,
        &aq::Scan {
            at: if fresh { &at } else { &now },
            desk,
            event_id,
            session_id: Some(&session.id),
            input: &person.code,
            result: status.as_str(),
            registration_id: Some(registration_id),
            method: fresh.then_some(method.as_str()),
            message: &message,
        },
    )?;
    Ok(CheckinResult {
        status,
        person,
        session_id: session.id.clone(),
        at,
        desk: desk_out,
        method: method_out,
        message,
    })
}

/// Pairs the scan log's check-ins and undos of one person into history entries, and lets
/// the attendance rows (the truth of what stands now) correct and complete them: a
/// standing check-in takes its row's time, desk and method; a row without any logged
/// check-in (merged from an offline desk, or older than the log) is added as it is.
fn history_entries(
    sessions: &[Session],
    scans: Vec<aq::HistoryScan>,
    rows: Vec<(String, aq::CheckinRow, Option<String>)>,
) -> Vec<HistoryEntry> {
    use std::collections::HashMap;
    let session = |id: &str| sessions.iter().find(|s| s.id == id);
    let entry = |s: &Session, at: String, desk: Option<String>, method: Option<CheckinMethod>| {
        HistoryEntry {
            session_id: s.id.clone(),
            session_title: s.title.clone(),
            session_date: s.date.clone(),
            session_start: s.start_time.clone(),
            at,
            desk,
            method,
            undone_at: None,
            undone_by: None,
        }
    };
    let mut entries: Vec<HistoryEntry> = Vec::new();
    // The entry of each session that is not undone yet.
    let mut open: HashMap<String, usize> = HashMap::new();
    for sc in scans {
        let Some(s) = session(&sc.session_id) else {
            continue;
        };
        if sc.result == "checked_in" {
            entries.push(entry(s, sc.at, sc.desk, sc.method));
            open.insert(sc.session_id, entries.len() - 1);
        } else if let Some(i) = open.remove(&sc.session_id) {
            entries[i].undone_at = Some(sc.at);
            entries[i].undone_by = sc.desk;
        }
    }
    for (sid, row, undone_by) in rows {
        let Some(s) = session(&sid) else {
            continue;
        };
        match (row.undone_at, open.remove(&sid)) {
            (None, Some(i)) => {
                let e = &mut entries[i];
                e.at = row.at;
                e.desk = row.desk;
                e.method = Some(row.method);
            }
            (None, None) => entries.push(entry(s, row.at, row.desk, Some(row.method))),
            (Some(at), Some(i)) => {
                entries[i].undone_at = Some(at);
                entries[i].undone_by = undone_by;
            }
            (Some(at), None) => {
                if !entries.iter().any(|e| e.session_id == sid) {
                    let mut e = entry(s, row.at, row.desk, Some(row.method));
                    e.undone_at = Some(at);
                    e.undone_by = undone_by;
                    entries.push(e);
                }
            }
        }
    }
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    entries
}

/// A desk name given by the organizer's own door (a desk's own name is checked when it
/// pairs): one line, no control characters, as long as a desk's name may be.
fn check_desk(desk: Option<&str>) -> Result<(), ApiError> {
    crate::validate::check("desk", "Nama meja", desk, crate::desks::MAX_DESK_NAME)
}

/// How a desk says it checked someone in; a walk-in goes through `checkin_walkin`.
fn method_of(m: Option<CheckinMethod>) -> Result<CheckinMethod, ApiError> {
    match m.unwrap_or(CheckinMethod::Scan) {
        CheckinMethod::Walkin => Err(ApiError::field(
            "method",
            "Cara \"walkin\" hanya untuk pendaftaran di tempat (checkin_walkin): scan, search, atau manual.",
        )),
        m => Ok(m),
    }
}

impl Api {
    /// Every check-in of a person in the event and its undo, if any, oldest first: the
    /// session, when, at which desk, how, and when and by whom it was undone.
    pub(crate) fn attendance_history(
        &self,
        _caller: &Caller,
        args: HistoryArgs,
    ) -> Result<AttendanceHistory, ApiError> {
        let conn = self.read();
        crate::participants::require_event(&conn, &args.event_id)?;
        let person = person_of(&conn, &args.event_id, &args.registration_id)?;
        let sessions = sq::list_sessions(&conn, &args.event_id)?;
        let scans = aq::history_scans(&conn, &args.event_id, &args.registration_id)?;
        let rows = aq::registration_checkins(&conn, &args.registration_id)?;
        drop(conn);
        let entries = history_entries(&sessions, scans, rows);
        Ok(AttendanceHistory { person, entries })
    }

    /// Registered participants not yet checked in to a session (the desk's *belum hadir*),
    /// by name, searchable, with how many there are in all and how many match.
    pub(crate) fn attendance_absent(
        &self,
        _caller: &Caller,
        args: AbsentArgs,
    ) -> Result<AbsentList, ApiError> {
        let q = args.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if let Some(q) = q {
            crate::validate::search_text(q)?;
        }
        let q = q.map(crate::validate::one_line);
        let limit = args.limit.unwrap_or(100).clamp(1, 500);
        let conn = self.read();
        crate::participants::require_event(&conn, &args.event_id)?;
        let session = resolve_session(&conn, &args.event_id, args.session_id.as_deref())?;
        let total = aq::absent_count(&conn, &args.event_id, &session.id)?;
        let (rows, matched) =
            aq::absent_list(&conn, &args.event_id, &session.id, q.as_deref(), limit)?;
        let people = rows
            .into_iter()
            .map(|a| DeskHit {
                registration_id: a.registration_id,
                code: a.code,
                name: a.name,
                nip: a.nip,
                opd: a.opd,
                position: a.position,
                role: crate::model::Role::stored(&a.role),
                status: crate::model::RegistrationStatus::Registered,
                checked_in_at: None,
            })
            .collect();
        Ok(AbsentList {
            session_id: session.id,
            total,
            matched,
            people,
        })
    }

    /// What a desk sees as the clerk types: matching people and whether they are in.
    pub(crate) fn desk_search(
        &self,
        caller: &Caller,
        args: DeskSearchArgs,
    ) -> Result<Vec<DeskHit>, ApiError> {
        let conn = self.read();
        crate::participants::require_desk_event(&conn, caller, &args.event_id)?;
        let limit = args.limit.unwrap_or(8).clamp(1, 50);
        let q = args.q.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        crate::validate::search_text(q)?;
        // People whose own name, NIP or code match come first; OPD matches fill up.
        let mut hits = pq::list_participants(
            &conn,
            &ParticipantFilter {
                event_id: &args.event_id,
                query: Some(q),
                limit: Some(limit),
                skip_opd_match: true,
                ..Default::default()
            },
        )?;
        if (hits.len() as i64) < limit {
            let more = pq::list_participants(
                &conn,
                &ParticipantFilter {
                    event_id: &args.event_id,
                    query: Some(q),
                    limit: Some(limit),
                    ..Default::default()
                },
            )?;
            for p in more {
                if (hits.len() as i64) < limit && !hits.iter().any(|h| h.id == p.id) {
                    hits.push(p);
                }
            }
        }
        let mut out = Vec::with_capacity(hits.len());
        for p in hits {
            let checked_in_at: Option<String> = match &args.session_id {
                Some(s) => aq::checked_in_at(&conn, &p.id, s)?,
                None => None,
            };
            out.push(DeskHit {
                registration_id: p.id,
                code: p.code,
                name: p.name,
                nip: p.nip,
                opd: p.opd,
                position: p.position,
                role: p.role,
                status: p.status,
                checked_in_at,
            });
        }
        Ok(out)
    }

    pub(crate) fn attendance_list(
        &self,
        caller: &Caller,
        args: AttendanceArgs,
    ) -> Result<Vec<AttendanceRow>, ApiError> {
        let conn = self.read();
        crate::participants::require_desk_event(&conn, caller, &args.event_id)?;
        Ok(aq::list_attendance(
            &conn,
            &args.event_id,
            args.session_id.as_deref(),
        )?)
    }

    /// Present / registered participants for a session, in all and per OPD.
    pub(crate) fn attendance_counts(
        &self,
        caller: &Caller,
        args: AttendanceArgs,
    ) -> Result<AttendanceCounts, ApiError> {
        let conn = self.read();
        crate::participants::require_desk_event(&conn, caller, &args.event_id)?;
        let session = resolve_session(&conn, &args.event_id, args.session_id.as_deref())?;
        let opds = aq::opd_counts(&conn, &args.event_id, &session.id)?;
        Ok(AttendanceCounts {
            session_id: session.id,
            present: opds.iter().map(|o| o.present).sum(),
            registered: opds.iter().map(|o| o.registered).sum(),
            opds,
        })
    }
}

/// A scan that failed, for the scan log: written after the check-in's transaction rolled
/// back, in its own.
struct FailedScan {
    desk: Option<String>,
    event_id: String,
    session_id: Option<String>,
    input: String,
}

impl FailedScan {
    fn insert(&self, conn: &rusqlite::Connection, e: &ApiError) -> rusqlite::Result<()> {
        aq::insert_scan(
            conn,
            &aq::Scan {
                at: &store::now(),
                desk: self.desk.as_deref(),
                event_id: &self.event_id,
                session_id: self.session_id.as_deref(),
                input: &self.input,
                result: &format!("{:?}", e.code).to_lowercase(),
                registration_id: None,
                method: None,
                message: &e.message,
            },
        )
    }
}

/// Checks a person in for a session. Idempotent: the same person and session twice is
/// one attendance ("sudah hadir pukul …"); the same nonce twice is the first answer.
/// Acknowledged only after the transaction has committed (`synchronous=FULL`).
pub(crate) fn checkin(tx: &Tx, args: CheckinArgs) -> Result<CheckinResult, ApiError> {
    let method = method_of(args.method)?;
    // What is typed or scanned is at most a name; refused before the failed-scan log.
    crate::validate::check(
        "code",
        "Kode",
        Some(&args.code),
        crate::participants::MAX_NAME,
    )?;
    check_desk(args.desk.as_deref())?;
    crate::validate::check(
        "nonce",
        "Nonce",
        args.nonce.as_deref(),
        crate::validate::MAX_SHORT,
    )?;
    let desk = crate::desks::desk_name(tx.caller, args.desk.as_deref());
    let nonce = args
        .nonce
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    // Refused before anything is written, the failed-scan log included.
    crate::participants::require_desk_event(tx, tx.caller, &args.event_id)?;
    // From here on a failure is logged as a failed scan, after the rollback.
    let failed = FailedScan {
        desk: desk.clone(),
        event_id: args.event_id.clone(),
        session_id: args.session_id.clone(),
        input: args.code.trim().to_string(),
    };
    tx.on_failure(move |conn, e| {
        let _ = failed.insert(conn, e);
    });
    crate::participants::require_event(tx, &args.event_id)?;
    if let Some(n) = nonce {
        if let Some((reg, session_id)) = aq::by_nonce(tx, n)? {
            let session = resolve_session(tx, &args.event_id, Some(&session_id))?;
            let mut r = record(
                tx,
                &args.event_id,
                &session,
                &reg,
                desk.as_deref(),
                method,
                None,
            )?;
            // A replay of the request that checked them in: report that answer.
            r.status = CheckinStatus::CheckedIn;
            r.message = format!("Hadir: {}", r.person.name);
            return Ok(r);
        }
    }
    let session = resolve_session(tx, &args.event_id, args.session_id.as_deref())?;
    if !session.takes_attendance {
        return Err(ApiError::field(
            "session_id",
            format!("Sesi \"{}\" tidak mengambil presensi.", session.title),
        ));
    }
    let reg = find_registration(tx, &args.event_id, &args.code)?;
    record(
        tx,
        &args.event_id,
        &session,
        &reg.id,
        desk.as_deref(),
        method,
        nonce,
    )
}

/// Takes back any standing check-in of a person for a session, not only a desk's
/// newest: the row stays, marked undone with when and by whom (a paired desk's own
/// name; any desk may undo another's, the history shows both), and the scan log says
/// so. A new check-in afterwards counts again.
pub(crate) fn checkin_undo(tx: &Tx, args: UndoArgs) -> Result<CheckinResult, ApiError> {
    check_desk(args.desk.as_deref())?;
    let desk = crate::desks::desk_name(tx.caller, args.desk.as_deref())
        .or_else(|| Some(tx.caller.actor.clone()));
    if args.session_id.trim().is_empty() {
        return Err(ApiError::field(
            "session_id",
            "Pilih sesi yang kehadirannya dibatalkan.",
        ));
    }

    crate::participants::require_desk_event(tx, tx.caller, &args.event_id)?;
    let session = resolve_session(tx, &args.event_id, Some(&args.session_id))?;
    let person = person_of(tx, &args.event_id, &args.registration_id)?;
    let now = store::now();
    let n = aq::undo_checkin(
        tx,
        &args.registration_id,
        &session.id,
        &now,
        desk.as_deref(),
    )?;
    if n == 0 {
        return Err(ApiError::not_found(format!(
            "{} belum tercatat hadir di sesi \"{}\".",
            person.name, session.title
        )));
    }
    let message = format!(
        "Kehadiran {} di sesi \"{}\" dibatalkan.",
        person.name, session.title
    );
    aq::insert_scan(
        tx,
        &aq::Scan {
            at: &now,
            desk: desk.as_deref(),
            event_id: &args.event_id,
            session_id: Some(&session.id),
            input: &person.code,
            result: CheckinStatus::Undone.as_str(),
            registration_id: Some(&args.registration_id),
            method: None,
            message: &message,
        },
    )?;
    Ok(CheckinResult {
        status: CheckinStatus::Undone,
        person,
        session_id: session.id.clone(),
        at: now,
        desk: desk.clone(),
        method: CheckinMethod::Manual,
        message,
    })
}

/// A walk-in: registered and checked in on the spot, in one transaction.
pub(crate) fn checkin_walkin(tx: &Tx, args: WalkinArgs) -> Result<CheckinResult, ApiError> {
    check_desk(args.desk.as_deref())?;
    let desk = crate::desks::desk_name(tx.caller, args.desk.as_deref());
    let new = crate::participants::NewRegistration::check(ParticipantAddArgs {
        event_id: args.event_id.clone(),
        person: args.person,
        role: None,
        note: Some("Datang langsung (walk-in)".to_string()),
        duty: None,
        create_opd: args.create_opd,
    })?;
    // Register and check in as one transaction: a check-in that fails leaves no
    // registration behind.

    crate::participants::require_desk_event(tx, tx.caller, &args.event_id)?;
    let session = resolve_session(tx, &args.event_id, args.session_id.as_deref())?;
    let saved = new.add(tx)?;
    tx.api.checkin_fault()?;
    record(
        tx,
        &args.event_id,
        &session,
        &saved.participant.id,
        desk.as_deref(),
        CheckinMethod::Walkin,
        None,
    )
}
