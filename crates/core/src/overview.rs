//! The Beranda: one event at a glance (command `event_overview`). What is still to do
//! before the event (the readiness checklist, each item naming the screen where it is
//! fixed), what happens on the day (the session now and next, present against
//! registered per session and per OPD, the desks), and what came of it (certificates,
//! attendance rates). One read on a reading connection; the UI asks again every few
//! seconds while the screen is open.

use std::collections::HashMap;

use chrono::{DateTime, Local, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller, NoArgs};
use crate::error::ApiError;
use crate::model::{Event, Session, SessionKind};
use crate::store::overview as q;

/// A paired desk heard from this recently counts as connected.
const DESK_CONNECTED_SECS: i64 = 120;
/// A backup older than this is worth a warning while the data changes.
const BACKUP_STALE_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before its first day.
    Before,
    /// Today is one of its days.
    During,
    /// After its last day.
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Done,
    /// Not done yet.
    Pending,
    /// Done, but something needs a look (an OPD over its quota, a stale backup).
    Warn,
}

/// One item of the readiness checklist.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckItem {
    /// Stable name: `profile`, `agenda`, `speakers`, `signatories`, `registrations`,
    /// `badges`, `template`, `backup`.
    pub key: String,
    pub label: String,
    pub status: CheckStatus,
    /// What was found, in Bahasa Indonesia.
    pub detail: String,
    /// The UI route where it is fixed (`/agenda`, `/pengaturan/profil` …); a last part
    /// the screen does not route on names the panel to scroll to.
    pub route: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct RoleCounts {
    pub participants: i64,
    pub speakers: i64,
    pub moderators: i64,
    pub committee: i64,
    /// Cancelled registrations (any role).
    pub cancelled: i64,
    /// People registered at a desk on the spot.
    pub walkins: i64,
}

/// Registered participants of one OPD against its quota, and present in the session the
/// overview focuses on.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct OpdProgress {
    pub opd_id: Option<String>,
    pub opd: Option<String>,
    pub short_name: Option<String>,
    pub quota: Option<i64>,
    pub registered: i64,
    /// In `EventOverview::focus_session`; 0 without one.
    pub present: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SessionProgress {
    pub id: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub kind: SessionKind,
    pub takes_attendance: bool,
    /// Names of its narasumber.
    pub speakers: Vec<String>,
    /// Participants checked in.
    pub present: i64,
    /// Participants registered (the same for every session).
    pub registered: i64,
    /// `present` of `registered`, rounded; `None` without participants.
    pub percent: Option<i64>,
    /// It has started (local time of this computer).
    pub started: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DeskActivity {
    /// `None`: check-ins made in the organizer's own window.
    pub name: Option<String>,
    /// Standing check-ins today.
    pub checkins: i64,
    /// The latest of them (RFC 3339 UTC).
    pub last_checkin_at: Option<String>,
    /// A paired LAN desk (as opposed to a name typed at a desk in the window).
    pub paired: bool,
    /// A paired desk heard from in the last two minutes.
    pub connected: bool,
    pub last_seen_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CertificateSummary {
    /// Registered people eligible now (attendance rule, role, the organizer's decisions).
    pub eligible: i64,
    pub not_eligible: i64,
    pub issued: i64,
    pub revoked: i64,
    /// The attendance rule: the share of attendance-taking sessions a participant needs.
    pub min_attendance: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupHealth {
    /// The newest backup that passed its check (RFC 3339 local time).
    pub last_good_at: Option<String>,
    /// Its age in minutes.
    pub age_minutes: Option<i64>,
    pub second_folder: Option<String>,
    /// What needs attention, in Bahasa Indonesia.
    pub warning: Option<String>,
}

/// Command `event_overview`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct EventOverview {
    pub event: Event,
    pub phase: Phase,
    /// `YYYY-MM-DD`, this computer's date.
    pub today: String,
    pub checklist: Vec<CheckItem>,
    pub registrations: RoleCounts,
    pub opds: Vec<OpdProgress>,
    /// OPDs given a quota that sent nobody yet.
    pub opds_without_registrations: Vec<String>,
    pub sessions: Vec<SessionProgress>,
    /// The session running now (from 30 minutes before its start), if any.
    pub now_session: Option<String>,
    /// The next session to start.
    pub next_session: Option<String>,
    /// The session `opds[].present` counts: the one running now, else the last started.
    pub focus_session: Option<String>,
    pub desks: Vec<DeskActivity>,
    pub certificates: CertificateSummary,
    /// Present of registered over the attendance-taking sessions that have started.
    pub attendance_rate: Option<i64>,
    pub backup: BackupHealth,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct OverviewArgs {
    pub event_id: String,
}

fn parse_time(t: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

fn at(date: &str, time: &str) -> Option<NaiveDateTime> {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(date.and_time(parse_time(time)?))
}

/// The session running at `now` (from 30 minutes before its start until its end) and the
/// next one to start after `now`.
fn now_and_next(sessions: &[Session], now: NaiveDateTime) -> (Option<&Session>, Option<&Session>) {
    let early = chrono::Duration::minutes(30);
    let running =
        sessions.iter().find(
            |s| match (at(&s.date, &s.start_time), at(&s.date, &s.end_time)) {
                (Some(a), Some(b)) => now + early >= a && now < b,
                _ => false,
            },
        );
    let next = sessions
        .iter()
        .filter(|s| at(&s.date, &s.start_time).is_some_and(|a| a > now))
        .filter(|s| running.is_none_or(|r| r.id != s.id))
        .min_by_key(|s| at(&s.date, &s.start_time));
    (running, next)
}

fn phase(event: &Event, today: &str) -> Phase {
    if today < event.start_date.as_str() {
        Phase::Before
    } else if today > event.end_date.as_str() {
        Phase::After
    } else {
        Phase::During
    }
}

fn item(key: &str, label: &str, status: CheckStatus, detail: String, route: &str) -> CheckItem {
    CheckItem {
        key: key.to_string(),
        label: label.to_string(),
        status,
        detail,
        route: route.to_string(),
    }
}

/// "A, B dan 3 lainnya".
fn some_names(names: &[String], max: usize) -> String {
    let shown: Vec<&str> = names.iter().take(max).map(String::as_str).collect();
    let rest = names.len().saturating_sub(max);
    if rest > 0 {
        format!("{} dan {rest} lainnya", shown.join(", "))
    } else if shown.len() > 1 {
        let (last, first) = shown.split_last().unwrap_or((&"", &[]));
        format!("{} dan {last}", first.join(", "))
    } else {
        shown.join("")
    }
}

fn minutes_between(from: &str, now: DateTime<Local>) -> Option<i64> {
    let t = DateTime::parse_from_rfc3339(from).ok()?;
    Some((now - t.with_timezone(&Local)).num_minutes().max(0))
}

/// "35 menit", "5 jam", "3 hari" (followed by "lalu").
fn age_text(minutes: i64) -> String {
    match minutes {
        0 => "kurang dari 1 menit".to_string(),
        m if m < 60 => format!("{m} menit"),
        m if m < 48 * 60 => format!("{} jam", m / 60),
        m => format!("{} hari", m / (24 * 60)),
    }
}

impl Api {
    /// Command `event_overview`.
    pub(crate) fn event_overview(
        &self,
        caller: &Caller,
        args: OverviewArgs,
    ) -> Result<EventOverview, ApiError> {
        let now = Local::now();
        let backup = self.backup_health(caller, now)?;
        let conn = self.read();
        let event = crate::agenda::event_or_404(&conn, &args.event_id)?;
        let today = now.date_naive().format("%Y-%m-%d").to_string();
        let sessions = crate::store::agenda::list_sessions(&conn, &event.id)?;
        // Sessions: now and next, the focus of the per-OPD counts.
        let local_now = now.naive_local();
        let (running, next) = now_and_next(&sessions, local_now);
        let started = |s: &Session| at(&s.date, &s.start_time).is_some_and(|a| a <= local_now);
        let focus = running.filter(|s| s.takes_attendance).or_else(|| {
            sessions
                .iter()
                .filter(|s| s.takes_attendance && started(s))
                .max_by_key(|s| at(&s.date, &s.start_time))
        });

        // One pass over the registrations: counts by role, participants per OPD and
        // present in the focus session, cards, certificate eligibility.
        let settings = crate::certificates::load_settings(&conn, &event.id)?;
        let attendance_sessions = sessions.iter().filter(|s| s.takes_attendance).count() as i64;
        let min = settings.min_attendance;
        let mut registrations = RoleCounts::default();
        let mut certificates = CertificateSummary {
            min_attendance: min,
            ..Default::default()
        };
        // OPD id → (registered, present in focus).
        let mut per_opd: HashMap<Option<String>, (i64, i64)> = HashMap::new();
        let (mut printed, mut unprinted) = (0i64, 0i64);
        let mut last_print: Option<String> = None;
        q::each_registration(&conn, &event.id, focus.map(|s| s.id.as_str()), |r| {
            if let Some(at) = r.badge_printed_at {
                if last_print.as_deref().is_none_or(|l| at > l) {
                    last_print = Some(at.to_string());
                }
            }
            if r.status != "registered" {
                if r.status == "cancelled" {
                    registrations.cancelled += 1;
                }
                return;
            }
            match r.role {
                "participant" => {
                    registrations.participants += 1;
                    let entry = per_opd.entry(r.opd_id.map(str::to_string)).or_default();
                    entry.0 += 1;
                    entry.1 += i64::from(r.in_focus);
                    if r.badge_printed_at.is_some() {
                        printed += 1;
                    } else {
                        unprinted += 1;
                    }
                }
                "speaker" => registrations.speakers += 1,
                "moderator" => registrations.moderators += 1,
                _ => registrations.committee += 1,
            }
            let by_rule = match r.role {
                "participant" => {
                    attendance_sessions > 0 && r.attended * 100 >= min * attendance_sessions
                }
                _ => true,
            };
            if r.decided.unwrap_or(by_rule) {
                certificates.eligible += 1;
            } else {
                certificates.not_eligible += 1;
            }
        })?;
        registrations.walkins = q::walkins(&conn, &event.id)?;

        // Sessions: present of registered.
        let present = q::present_per_session(&conn, &event.id)?;
        let participants = registrations.participants;
        let session_rows: Vec<SessionProgress> = sessions
            .iter()
            .map(|s| {
                let p = present.get(&s.id).copied().unwrap_or(0);
                SessionProgress {
                    id: s.id.clone(),
                    date: s.date.clone(),
                    start_time: s.start_time.clone(),
                    end_time: s.end_time.clone(),
                    title: s.title.clone(),
                    kind: s.kind,
                    takes_attendance: s.takes_attendance,
                    speakers: s.speakers.iter().map(|x| x.name.clone()).collect(),
                    present: p,
                    registered: participants,
                    percent: crate::format::percent(p, participants),
                    started: started(s),
                }
            })
            .collect();
        let (rate_present, rate_whole) = session_rows
            .iter()
            .filter(|s| s.takes_attendance && s.started)
            .fold((0, 0), |(p, w), s| (p + s.present, w + s.registered));
        let attendance_rate = crate::format::percent(rate_present, rate_whole);

        // OPDs: every OPD with a quota or participants, by name; those without one last.
        let quotas = q::quotas(&conn, &event.id)?;
        let names = q::opd_names(&conn)?;
        let mut ids: Vec<Option<String>> = per_opd.keys().cloned().collect();
        for id in quotas.keys() {
            if !per_opd.contains_key(&Some(id.clone())) {
                ids.push(Some(id.clone()));
            }
        }
        let mut opds: Vec<OpdProgress> = ids
            .into_iter()
            .map(|id| {
                let (registered, present) = per_opd.get(&id).copied().unwrap_or((0, 0));
                let name = id.as_ref().and_then(|i| names.get(i));
                OpdProgress {
                    quota: id.as_ref().and_then(|i| quotas.get(i)).copied(),
                    opd: name.map(|n| n.name.clone()),
                    short_name: name.and_then(|n| n.short_name.clone()),
                    opd_id: id,
                    registered,
                    present,
                }
            })
            .collect();
        let key = |o: &OpdProgress| {
            o.opd_id
                .as_ref()
                .and_then(|i| names.get(i))
                .map(|n| n.key.clone())
        };
        opds.sort_by_cached_key(|o| (o.opd_id.is_none(), key(o)));
        let label = |o: &OpdProgress| {
            o.short_name
                .clone()
                .or_else(|| o.opd.clone())
                .unwrap_or_default()
        };
        let opds_without_registrations: Vec<String> = opds
            .iter()
            .filter(|o| o.quota.is_some_and(|q| q > 0) && o.registered == 0)
            .map(label)
            .collect();

        // Desks: today's check-ins per desk, and the paired desks heard from.
        let todays: Vec<&str> = sessions
            .iter()
            .filter(|s| s.date == today)
            .map(|s| s.id.as_str())
            .collect();
        let mut desks: Vec<DeskActivity> = q::desk_counts(&conn, &todays)?
            .into_iter()
            .map(|d| DeskActivity {
                name: d.desk,
                checkins: d.checkins,
                last_checkin_at: Some(d.last_at),
                paired: false,
                connected: false,
                last_seen_at: None,
            })
            .collect();
        for (name, seen) in q::standing_desks(&conn)? {
            let connected = seen
                .as_deref()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .is_some_and(|t| {
                    (now - t.with_timezone(&Local)).num_seconds() <= DESK_CONNECTED_SECS
                });
            match desks.iter_mut().find(|d| {
                d.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
            }) {
                Some(d) => {
                    d.paired = true;
                    d.connected = connected;
                    d.last_seen_at = seen;
                }
                None => desks.push(DeskActivity {
                    name: Some(name),
                    checkins: 0,
                    last_checkin_at: None,
                    paired: true,
                    connected,
                    last_seen_at: seen,
                }),
            }
        }

        let certs = q::certificate_counts(&conn, &event.id)?;
        certificates.issued = certs.get("issued").copied().unwrap_or(0);
        certificates.revoked = certs.get("revoked").copied().unwrap_or(0);

        // The checklist.
        let mut checklist = Vec::new();
        let profile = crate::store::agency::get_profile(&conn)?;
        checklist.push(match &profile {
            Some(p) => item(
                "profile",
                "Profil instansi diisi",
                CheckStatus::Done,
                [Some(p.name.as_str()), p.parent.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
                "/pengaturan/profil",
            ),
            None => item(
                "profile",
                "Profil instansi diisi",
                CheckStatus::Pending,
                "Nama instansi, alamat dan kontak untuk kop surat dan dokumen belum diisi.".into(),
                "/pengaturan/profil",
            ),
        });
        let days: std::collections::BTreeSet<&str> =
            sessions.iter().map(|s| s.date.as_str()).collect();
        checklist.push(if sessions.is_empty() {
            item(
                "agenda",
                "Agenda berisi sesi",
                CheckStatus::Pending,
                "Belum ada sesi. Susun acara per hari di Agenda.".into(),
                "/agenda",
            )
        } else {
            item(
                "agenda",
                "Agenda berisi sesi",
                CheckStatus::Done,
                format!(
                    "{} sesi dalam {} hari, {} sesi mencatat kehadiran.",
                    sessions.len(),
                    days.len(),
                    attendance_sessions
                ),
                "/agenda",
            )
        });
        let materials: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.kind == SessionKind::Material)
            .collect();
        let no_speaker: Vec<String> = materials
            .iter()
            .filter(|s| s.speakers.is_empty())
            .map(|s| s.title.clone())
            .collect();
        checklist.push(if materials.is_empty() {
            item(
                "speakers",
                "Setiap sesi materi punya narasumber",
                CheckStatus::Pending,
                "Belum ada sesi materi.".into(),
                "/agenda",
            )
        } else if no_speaker.is_empty() {
            item(
                "speakers",
                "Setiap sesi materi punya narasumber",
                CheckStatus::Done,
                format!(
                    "{} sesi materi, semuanya punya narasumber.",
                    materials.len()
                ),
                "/agenda",
            )
        } else {
            item(
                "speakers",
                "Setiap sesi materi punya narasumber",
                CheckStatus::Pending,
                format!(
                    "{} dari {} sesi materi belum punya narasumber: {}.",
                    no_speaker.len(),
                    materials.len(),
                    some_names(&no_speaker, 3)
                ),
                "/agenda",
            )
        });
        let signatories = crate::store::agenda::list_signatories(&conn, &event.id)?;
        checklist.push(if signatories.is_empty() {
            item(
                "signatories",
                "Penanda tangan diatur",
                CheckStatus::Pending,
                "Belum ada penanda tangan untuk sertifikat dan daftar hadir.".into(),
                "/agenda/penanda-tangan",
            )
        } else {
            item(
                "signatories",
                "Penanda tangan diatur",
                CheckStatus::Done,
                signatories
                    .iter()
                    .map(|s| format!("{} ({})", s.name, s.position))
                    .collect::<Vec<_>>()
                    .join("; "),
                "/agenda/penanda-tangan",
            )
        });
        let over: Vec<String> = opds
            .iter()
            .filter(|o| o.quota.is_some_and(|q| o.registered > q))
            .map(label)
            .collect();
        let quota_total: i64 = opds.iter().filter_map(|o| o.quota).sum();
        let opd_count = opds
            .iter()
            .filter(|o| o.opd_id.is_some() && o.registered > 0)
            .count();
        let mut reg_detail = if quota_total > 0 {
            format!("{participants} peserta dari {opd_count} OPD, kuota {quota_total}.")
        } else {
            format!("{participants} peserta dari {opd_count} OPD.")
        };
        if !opds_without_registrations.is_empty() {
            reg_detail.push_str(&format!(
                " {} OPD belum mengirim peserta: {}.",
                opds_without_registrations.len(),
                some_names(&opds_without_registrations, 3)
            ));
        }
        if !over.is_empty() {
            reg_detail.push_str(&format!(" Melebihi kuota: {}.", some_names(&over, 3)));
        }
        let reg_status = if participants == 0 {
            CheckStatus::Pending
        } else if over.is_empty() && opds_without_registrations.is_empty() {
            CheckStatus::Done
        } else {
            CheckStatus::Warn
        };
        checklist.push(item(
            "registrations",
            "Peserta terdaftar sesuai kuota",
            reg_status,
            if participants == 0 {
                "Belum ada peserta. Impor daftar dari OPD atau tambahkan satu per satu.".into()
            } else {
                reg_detail
            },
            "/peserta",
        ));
        let when = last_print
            .as_deref()
            .map(|at| format!(" Terakhir dicetak {}.", crate::format::local_date_time(at)))
            .unwrap_or_default();
        checklist.push(if participants == 0 || printed == 0 {
            item(
                "badges",
                "Kartu peserta dicetak",
                CheckStatus::Pending,
                "Kartu peserta (dengan kode QR untuk meja registrasi) belum dicetak.".into(),
                "/peserta/kartu",
            )
        } else if unprinted > 0 {
            item(
                "badges",
                "Kartu peserta dicetak",
                CheckStatus::Warn,
                format!("{printed} kartu dicetak; {unprinted} peserta belum punya kartu.{when}"),
                "/peserta/kartu",
            )
        } else {
            item(
                "badges",
                "Kartu peserta dicetak",
                CheckStatus::Done,
                format!("Semua {printed} peserta sudah punya kartu.{when}"),
                "/peserta/kartu",
            )
        });
        checklist.push(if settings.role_templates.is_empty() {
            item(
                "template",
                "Templat sertifikat dipilih",
                CheckStatus::Pending,
                "Belum dipilih; sertifikat akan memakai templat bawaan.".into(),
                "/sertifikat/pengaturan",
            )
        } else {
            item(
                "template",
                "Templat sertifikat dipilih",
                CheckStatus::Done,
                format!(
                    "Templat dipilih untuk {} peran.",
                    settings.role_templates.len()
                ),
                "/sertifikat/pengaturan",
            )
        });
        checklist.push(backup_item(&backup));

        Ok(EventOverview {
            phase: phase(&event, &today),
            event,
            today,
            checklist,
            registrations,
            opds,
            opds_without_registrations,
            sessions: session_rows,
            now_session: running.map(|s| s.id.clone()),
            next_session: next.map(|s| s.id.clone()),
            focus_session: focus.map(|s| s.id.clone()),
            desks,
            certificates,
            attendance_rate,
            backup,
        })
    }

    /// The newest good backup and the second folder's state (files beside the database,
    /// no SQL).
    fn backup_health(
        &self,
        caller: &Caller,
        now: DateTime<Local>,
    ) -> Result<BackupHealth, ApiError> {
        let entries = crate::backup::list(self.path())?;
        let newest = entries
            .iter()
            .filter(|e| e.ok)
            .max_by(|a, b| a.created_at.cmp(&b.created_at));
        let settings = self.backup_settings_get(caller, NoArgs::default())?;
        let age_minutes = newest.and_then(|e| minutes_between(&e.created_at, now));
        Ok(BackupHealth {
            last_good_at: newest.map(|e| e.created_at.clone()),
            age_minutes,
            second_folder: settings.second_folder,
            warning: settings.warning,
        })
    }
}

fn backup_item(b: &BackupHealth) -> CheckItem {
    let label = "Cadangan data sehat";
    let route = "/pengaturan/cadangan";
    let Some(age) = b.age_minutes else {
        return item(
            "backup",
            label,
            CheckStatus::Pending,
            "Belum ada cadangan yang baik. Buat cadangan sekarang.".into(),
            route,
        );
    };
    let mut detail = format!("Cadangan terakhir {} lalu.", age_text(age));
    let mut status = CheckStatus::Done;
    if age > BACKUP_STALE_HOURS * 60 {
        detail.push_str(" Buat cadangan baru sebelum kegiatan.");
        status = CheckStatus::Warn;
    }
    match (&b.second_folder, &b.warning) {
        (None, _) => {
            detail.push_str(" Belum ada lokasi kedua (flashdisk atau drive lain).");
            status = CheckStatus::Warn;
        }
        (Some(folder), None) => detail.push_str(&format!(" Lokasi kedua: {folder}.")),
        (Some(_), Some(w)) => {
            detail.push_str(&format!(" {w}"));
            status = CheckStatus::Warn;
        }
    }
    item("backup", label, status, detail, route)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str, date: &str, start: &str, end: &str) -> Session {
        Session {
            id: id.into(),
            event_id: "e".into(),
            date: date.into(),
            start_time: start.into(),
            end_time: end.into(),
            title: id.into(),
            room: None,
            jp: None,
            kind: SessionKind::Material,
            takes_attendance: true,
            notes: None,
            speakers: vec![],
            moderators: vec![],
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_running_session_opens_half_an_hour_early_and_the_next_may_be_tomorrow() {
        let s = [
            session("a", "2026-12-07", "08:00", "10:00"),
            session("b", "2026-12-07", "10:15", "12:00"),
            session("c", "2026-12-08", "08:00", "10:00"),
        ];
        let t = |d: &str, h: &str| at(d, h).expect("time");
        let ids = |(r, n): (Option<&Session>, Option<&Session>)| {
            (r.map(|s| s.id.clone()), n.map(|s| s.id.clone()))
        };
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-07", "07:00"))),
            (None, Some("a".into()))
        );
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-07", "07:30"))),
            (Some("a".into()), Some("b".into()))
        );
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-07", "09:59"))),
            (Some("a".into()), Some("b".into())),
            "a session runs until its end, even when the next opens early"
        );
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-07", "10:00"))),
            (Some("b".into()), Some("c".into()))
        );
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-07", "13:00"))),
            (None, Some("c".into()))
        );
        assert_eq!(
            ids(now_and_next(&s, t("2026-12-09", "08:00"))),
            (None, None)
        );
    }

    #[test]
    fn names_are_listed_as_indonesians_write_them() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(some_names(&n(&["A"]), 3), "A");
        assert_eq!(some_names(&n(&["A", "B"]), 3), "A dan B");
        assert_eq!(some_names(&n(&["A", "B", "C"]), 3), "A, B dan C");
        assert_eq!(
            some_names(&n(&["A", "B", "C", "D", "E"]), 3),
            "A, B, C dan 2 lainnya"
        );
    }
}
