//! Offline desk packages at the data level: cut a copy of the database down to one event,
//! and merge a package's check-ins and walk-ins back into the host database.
//!
//! A package is an ordinary Bintek database holding one event (with its sessions, OPDs,
//! people, registrations and attendance), so an offline laptop runs the normal app on it.
//! Merging matches rows by id first (ids are UUIDs made by the app, so nothing clashes),
//! then by what identifies them in the domain (an OPD by its name, a person by NIP or NIK,
//! a registration by event and person), and never writes a row twice: merging the same
//! package again changes nothing. Where both sides checked the same person in for the same
//! session, the host's attendance stays, and the pair is reported as a conflict and kept in
//! the audit log.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::StoreError;
use serde::{Deserialize, Serialize};

/// The settings key that marks a package and names its event.
pub const PACKAGE_KEY: &str = "package_event";

/// Reduces the database behind `conn` (a fresh copy of the host's) to the event
/// `event_id`: other events, their people, sessions, quotas, signatories, certificate
/// settings, overrides and certificates, the audit log, desk tokens, scan logs and the
/// secret signing key (its public half stays, for verifying) go. A
/// table added later that refers to an event or a registration must be added here
/// (`tests/merge.rs` checks every table with an `event_id` column).
/// The caller vacuums afterwards so that nothing deleted stays in free pages.
pub fn prune_to_event(conn: &Connection, event_id: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let tx = conn.unchecked_transaction()?;
    let statements = [
        "DELETE FROM audit_log",
        "DELETE FROM desk",
        // A desk verifies certificates; only the office signs them.
        "UPDATE signing_key SET secret = NULL",
        "DELETE FROM scan_log WHERE event_id IS NULL OR event_id != ?1",
        "DELETE FROM attendance WHERE session_id IN (SELECT id FROM session WHERE event_id != ?1)",
        "DELETE FROM session_staff WHERE session_id IN (SELECT id FROM session WHERE event_id != ?1)",
        "DELETE FROM session WHERE event_id != ?1",
        "DELETE FROM signatory WHERE event_id != ?1",
        "DELETE FROM opd_quota WHERE event_id != ?1",
        "DELETE FROM certificate_override WHERE registration_id IN \
         (SELECT id FROM registration WHERE event_id != ?1)",
        "DELETE FROM certificate WHERE event_id != ?1",
        "DELETE FROM certificate_settings WHERE event_id != ?1",
        "UPDATE registration SET replaces_id = NULL, replaced_by_id = NULL WHERE event_id != ?1",
        "DELETE FROM registration WHERE event_id != ?1",
        "DELETE FROM event WHERE id != ?1",
        "DELETE FROM person WHERE id NOT IN (SELECT person_id FROM registration)",
    ];
    for sql in statements {
        if sql.contains("?1") {
            tx.execute(sql, params![event_id])?;
        } else {
            tx.execute(sql, [])?;
        }
    }
    tx.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![PACKAGE_KEY, event_id, now],
    )?;
    tx.commit()
}

/// Cuts the fresh copy of the host's database at `path` down to the event `event_id`
/// ([`prune_to_event`]) and vacuums it, so that nothing deleted stays in free pages.
pub fn cut_copy_to_event(path: &Path, event_id: &str, now: &str) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    prune_to_event(&conn, event_id, now)?;
    conn.execute_batch("VACUUM;")
}

/// Whether the database behind `conn` has an `attendance` table, as every package has.
pub fn has_attendance_table(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) = 1 FROM sqlite_master WHERE type = 'table' AND name = 'attendance'",
        [],
        |r| r.get(0),
    )
}

/// Attaches the package file at `path` as schema `pkg` (for [`read_attached`] and
/// [`merge_attached`]) and checks that its schema is exactly this app's current one
/// (`file::check_schema`): attaching runs nothing of the file, and nothing reads it before
/// that check; a file that fails it is detached again.
pub fn attach(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    conn.execute("ATTACH DATABASE ?1 AS pkg", [path.display().to_string()])?;
    let checked =
        super::file::check_schema_of(conn, "pkg", super::MIGRATIONS_SLICE).and_then(|()| {
            let version: i64 = conn.query_row("PRAGMA pkg.user_version", [], |r| r.get(0))?;
            if version == super::schema_version() {
                Ok(())
            } else {
                Err(StoreError::ForeignSchema {
                    detail: format!("paket belum dimutakhirkan (skema versi {version})"),
                })
            }
        });
    if let Err(e) = checked {
        let _ = detach(conn);
        return Err(e);
    }
    Ok(())
}

/// Detaches the package attached as `pkg`.
pub fn detach(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DETACH DATABASE pkg", [])?;
    Ok(())
}

/// One person checked in for the same session on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conflict {
    pub name: String,
    pub session: String,
    /// When and where the host recorded it (kept).
    pub host_at: String,
    pub host_desk: Option<String>,
    /// When and where the package recorded it (not added).
    pub package_at: String,
    pub package_desk: Option<String>,
}

/// What a merge did. Merging the same package twice gives zeros the second time (the
/// conflicts are listed again, since they still stand, but not logged twice).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MergeReport {
    pub events: Vec<String>,
    pub opds_added: u64,
    pub people_added: u64,
    pub registrations_added: u64,
    pub checkins_added: u64,
    /// Check-ins the host already had (the same record, merged before).
    pub checkins_known: u64,
    /// Check-ins undone on the package and now undone on the host too, or revived.
    pub checkins_updated: u64,
    pub scans_added: u64,
    pub conflicts: Vec<Conflict>,
    /// Events of the package that the host does not have (not merged).
    pub unknown_events: Vec<String>,
    /// Check-ins for sessions the host does not have (not merged).
    pub unknown_sessions: u64,
}

/// An OPD of the package, as its file has it.
#[derive(Debug, Clone)]
pub struct PkgOpd {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A registration of the package's event, as its file has it.
#[derive(Debug, Clone)]
pub struct PkgRegistration {
    pub id: String,
    pub person_id: String,
    pub role: String,
    pub code: String,
    pub status: String,
    pub note: Option<String>,
    pub cancel_reason: Option<String>,
    pub duty: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A check-in of the package's event, as its file has it.
#[derive(Debug, Clone)]
pub struct PkgAttendance {
    pub id: String,
    pub registration_id: String,
    pub session_id: String,
    pub at: String,
    pub desk: Option<String>,
    pub method: String,
    pub nonce: Option<String>,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A logged scan of the package's event, as its file has it.
#[derive(Debug, Clone)]
pub struct PkgScan {
    pub id: String,
    pub at: String,
    pub desk: Option<String>,
    pub session_id: Option<String>,
    pub input: String,
    pub result: String,
    pub registration_id: Option<String>,
    pub message: Option<String>,
}

/// Everything of a package that a merge may bring in: its own event (named by the
/// `package_event` setting) and nothing else. The use-case validates these rows like typed
/// input before [`merge_attached`] writes them (people already cleaned, in `people`).
#[derive(Debug, Clone, Default)]
pub struct PackageContent {
    pub event_id: String,
    pub event_title: String,
    /// Other events in the file (id, title): made on the offline laptop, never merged.
    pub other_events: Vec<(String, String)>,
    /// The OPDs of `people`.
    pub opds: Vec<PkgOpd>,
    /// The people registered in the event.
    pub people: Vec<super::people::PersonRow>,
    pub registrations: Vec<PkgRegistration>,
    /// The ids of the event's sessions in the package.
    pub sessions: Vec<String>,
    /// Check-ins of the event's registrations or sessions, oldest first.
    pub attendance: Vec<PkgAttendance>,
    pub scans: Vec<PkgScan>,
}

/// Reads the package attached as `pkg` (see [`attach`]): its event and that event's rows
/// only. `None` when the file is no package (no `package_event` setting, or no such event
/// in it).
pub fn read_attached(conn: &Connection) -> rusqlite::Result<Option<PackageContent>> {
    let event: Option<(String, String)> = conn
        .query_row(
            "SELECT e.id, e.title FROM pkg.settings s JOIN pkg.event e ON e.id = s.value \
             WHERE s.key = ?1",
            params![PACKAGE_KEY],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((event_id, event_title)) = event else {
        return Ok(None);
    };
    let e = params![event_id];
    let other_events = conn
        .prepare("SELECT id, title FROM pkg.event WHERE id != ?1 ORDER BY id")?
        .query_map(e, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let people = conn
        .prepare(&format!(
            "SELECT {} FROM pkg.person WHERE id IN \
             (SELECT person_id FROM pkg.registration WHERE event_id = ?1) ORDER BY id",
            super::people::PERSON_COLUMNS
        ))?
        .query_map(e, super::people::person_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let opds = conn
        .prepare(
            "SELECT id, name, short_name, created_at, updated_at FROM pkg.opd WHERE id IN \
             (SELECT p.opd_id FROM pkg.person p JOIN pkg.registration r ON r.person_id = p.id \
              WHERE r.event_id = ?1) ORDER BY id",
        )?
        .query_map(e, |r| {
            Ok(PkgOpd {
                id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                created_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let registrations = conn
        .prepare(
            "SELECT id, person_id, role, code, status, note, cancel_reason, duty, created_at, \
             updated_at FROM pkg.registration WHERE event_id = ?1 ORDER BY created_at, id",
        )?
        .query_map(e, |r| {
            Ok(PkgRegistration {
                id: r.get(0)?,
                person_id: r.get(1)?,
                role: r.get(2)?,
                code: r.get(3)?,
                status: r.get(4)?,
                note: r.get(5)?,
                cancel_reason: r.get(6)?,
                duty: r.get(7)?,
                created_at: r.get(8)?,
                updated_at: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let sessions = conn
        .prepare("SELECT id FROM pkg.session WHERE event_id = ?1 ORDER BY id")?
        .query_map(e, |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let attendance = conn
        .prepare(
            "SELECT id, registration_id, session_id, at, desk, method, nonce, undone_at, \
             undone_by, created_at, updated_at FROM pkg.attendance \
             WHERE registration_id IN (SELECT id FROM pkg.registration WHERE event_id = ?1) \
                OR session_id IN (SELECT id FROM pkg.session WHERE event_id = ?1) \
             ORDER BY at, id",
        )?
        .query_map(e, |r| {
            Ok(PkgAttendance {
                id: r.get(0)?,
                registration_id: r.get(1)?,
                session_id: r.get(2)?,
                at: r.get(3)?,
                desk: r.get(4)?,
                method: r.get(5)?,
                nonce: r.get(6)?,
                undone_at: r.get(7)?,
                undone_by: r.get(8)?,
                created_at: r.get(9)?,
                updated_at: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let scans = conn
        .prepare(
            "SELECT id, at, desk, session_id, input, result, registration_id, message \
             FROM pkg.scan_log WHERE event_id = ?1 ORDER BY at, id",
        )?
        .query_map(e, |r| {
            Ok(PkgScan {
                id: r.get(0)?,
                at: r.get(1)?,
                desk: r.get(2)?,
                session_id: r.get(3)?,
                input: r.get(4)?,
                result: r.get(5)?,
                registration_id: r.get(6)?,
                message: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(PackageContent {
        event_id,
        event_title,
        other_events,
        opds,
        people,
        registrations,
        sessions,
        attendance,
        scans,
    }))
}

/// Why a merge refused a package as a whole.
#[derive(Debug)]
pub enum MergeError {
    Sql(rusqlite::Error),
    /// A row of the package that would reach beyond its own event: an id the host has
    /// under another event, or a check-in whose session and registration disagree.
    Foreign {
        table: &'static str,
        id: String,
        reason: &'static str,
    },
    /// The merge ran past its time limit (see `store::Deadline`).
    TimeUp,
}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> Self {
        MergeError::Sql(e)
    }
}

fn foreign(table: &'static str, id: &str, reason: &'static str) -> MergeError {
    MergeError::Foreign {
        table,
        id: id.to_string(),
        reason,
    }
}

const OTHER_EVENT: &str = "id ini milik kegiatan lain di komputer ini";

/// Merges `pkg` (read by [`read_attached`] from the package attached as schema `pkg`, and
/// validated) into the main database, inside `tx`. Only the package's own event is
/// touched: a row whose id the host has under another event refuses the whole package.
/// `new_code` makes a fresh check-in code when a walk-in's code is taken on the host;
/// `time_up` is asked before every row and stops the merge (`TimeUp`) when it says so.
pub fn merge_attached(
    tx: &Transaction<'_>,
    pkg: &PackageContent,
    actor: &str,
    now: &str,
    new_code: &dyn Fn() -> String,
    time_up: &dyn Fn() -> bool,
) -> Result<MergeReport, MergeError> {
    let next_row = || {
        if time_up() {
            Err(MergeError::TimeUp)
        } else {
            Ok(())
        }
    };
    let mut report = MergeReport::default();
    // Rows are inserted as the package has them and re-pointed right after (an OPD or a
    // person the host already knows under another id): check foreign keys at commit.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    let event = pkg.event_id.as_str();
    let event_of = |table: &str, id: &str| -> rusqlite::Result<Option<String>> {
        tx.query_row(
            &format!("SELECT event_id FROM main.{table} WHERE id = ?1"),
            params![id],
            |r| r.get(0),
        )
        .optional()
    };
    let host_has_event = |id: &str| -> rusqlite::Result<bool> {
        tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM main.event WHERE id = ?1)",
            params![id],
            |r| r.get(0),
        )
    };
    // Another event of the file that the host knows is not this package's to touch.
    for (id, title) in &pkg.other_events {
        if host_has_event(id)? {
            return Err(foreign("event", id, OTHER_EVENT));
        }
        report.unknown_events.push(title.clone());
    }
    if !host_has_event(event)? {
        report.unknown_events.push(pkg.event_title.clone());
        return Ok(report);
    }
    report.events.push(pkg.event_title.clone());

    // Sessions: the host's own of this event; one the host has under another event refuses.
    let mut host_sessions = std::collections::HashSet::new();
    for id in &pkg.sessions {
        match event_of("session", id)? {
            Some(e) if e != event => return Err(foreign("session", id, OTHER_EVENT)),
            Some(_) => {
                host_sessions.insert(id.as_str());
            }
            None => {}
        }
    }
    let package_sessions: std::collections::HashSet<&str> =
        pkg.sessions.iter().map(String::as_str).collect();
    let package_registrations: std::collections::HashSet<&str> =
        pkg.registrations.iter().map(|r| r.id.as_str()).collect();

    // OPDs used by the package's people: by id, else by name, else added.
    let mut opd_map: HashMap<&str, String> = HashMap::new();
    for o in &pkg.opds {
        next_row()?;
        let key = super::opd::opd_key(&o.name);
        let host: Option<String> = tx
            .query_row(
                "SELECT id FROM main.opd WHERE id = ?1 OR name_key = ?2 \
                 ORDER BY id = ?1 DESC LIMIT 1",
                params![o.id, key],
                |r| r.get(0),
            )
            .optional()?;
        let mapped = match host {
            Some(h) => h,
            None => {
                tx.execute(
                    "INSERT INTO main.opd (id, name, short_name, name_key, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![o.id, o.name, o.short_name, key, o.created_at, o.updated_at],
                )?;
                report.opds_added += 1;
                o.id.clone()
            }
        };
        opd_map.insert(o.id.as_str(), mapped);
    }

    // People registered in the event: by id, else NIP, else NIK, else added.
    let mut person_map: HashMap<&str, String> = HashMap::new();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for p in &pkg.people {
        next_row()?;
        names.insert(p.id.as_str(), p.name.as_str());
        let host: Option<String> = tx
            .query_row(
                "SELECT id FROM main.person WHERE id = ?1 \
                 UNION ALL SELECT id FROM main.person WHERE nip = ?2 \
                 UNION ALL SELECT id FROM main.person WHERE nik = ?3 LIMIT 1",
                params![p.id, p.nip, p.nik],
                |r| r.get(0),
            )
            .optional()?;
        let mapped = match host {
            Some(h) => h,
            None => {
                let mut row = p.clone();
                row.opd_id = p
                    .opd_id
                    .as_deref()
                    .map(|o| opd_map.get(o).cloned().unwrap_or_else(|| o.to_string()));
                super::people::insert_person(tx, &row)?;
                report.people_added += 1;
                p.id.clone()
            }
        };
        person_map.insert(p.id.as_str(), mapped);
    }

    // Registrations of the event: by id (of this event only), else by person, else added.
    let mut reg_map: HashMap<&str, String> = HashMap::new();
    let mut reg_names: HashMap<&str, &str> = HashMap::new();
    for r in &pkg.registrations {
        next_row()?;
        let person = person_map
            .get(r.person_id.as_str())
            .cloned()
            .unwrap_or_else(|| r.person_id.clone());
        if let Some(name) = names.get(r.person_id.as_str()) {
            reg_names.insert(r.id.as_str(), name);
        }
        let mapped = match event_of("registration", &r.id)? {
            Some(e) if e != event => return Err(foreign("registration", &r.id, OTHER_EVENT)),
            Some(_) => r.id.clone(),
            None => {
                let by_person: Option<String> = tx
                    .query_row(
                        "SELECT id FROM main.registration WHERE event_id = ?1 AND person_id = ?2",
                        params![event, person],
                        |r| r.get(0),
                    )
                    .optional()?;
                match by_person {
                    Some(h) => h,
                    None => {
                        let taken: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM main.registration WHERE code = ?1)",
                            params![r.code],
                            |r| r.get(0),
                        )?;
                        let code = if taken { new_code() } else { r.code.clone() };
                        tx.execute(
                            "INSERT INTO main.registration (id, event_id, person_id, role, code, \
                             status, note, created_at, updated_at, cancel_reason, duty) \
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            params![
                                r.id,
                                event,
                                person,
                                r.role,
                                code,
                                r.status,
                                r.note,
                                r.created_at,
                                r.updated_at,
                                r.cancel_reason,
                                r.duty
                            ],
                        )?;
                        report.registrations_added += 1;
                        r.id.clone()
                    }
                }
            }
        };
        reg_map.insert(r.id.as_str(), mapped);
    }

    // Attendance of the event's registrations and sessions.
    for a in &pkg.attendance {
        next_row()?;
        if !package_sessions.contains(a.session_id.as_str())
            || !package_registrations.contains(a.registration_id.as_str())
        {
            return Err(foreign(
                "attendance",
                &a.id,
                "sesi dan pendaftarannya bukan dari kegiatan paket ini",
            ));
        }
        if !host_sessions.contains(a.session_id.as_str()) {
            report.unknown_sessions += 1;
            continue;
        }
        let reg = reg_map
            .get(a.registration_id.as_str())
            .cloned()
            .unwrap_or_else(|| a.registration_id.clone());
        let session = a.session_id.as_str();
        let same: Option<(String, String, Option<String>)> = tx
            .query_row(
                "SELECT registration_id, session_id, undone_at FROM main.attendance WHERE id = ?1",
                params![a.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((host_reg, host_session, host_undone)) = same {
            // Merged before, so the same person and session; anything else is another
            // check-in's id and is never undone from here.
            if host_reg != reg || host_session != session {
                return Err(foreign("attendance", &a.id, OTHER_EVENT));
            }
            // Only an undo made afterwards on the package moves.
            if host_undone.is_none() && a.undone_at.is_some() {
                tx.execute(
                    "UPDATE main.attendance SET undone_at = ?2, undone_by = ?3, updated_at = ?4 WHERE id = ?1",
                    params![a.id, a.undone_at, a.undone_by, now],
                )?;
                report.checkins_updated += 1;
            } else {
                report.checkins_known += 1;
            }
            continue;
        }
        let other: Option<(String, String, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT id, at, desk, undone_at FROM main.attendance \
                 WHERE registration_id = ?1 AND session_id = ?2",
                params![reg, session],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match other {
            None => {
                let nonce_free: bool = match &a.nonce {
                    Some(n) => !tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM main.attendance WHERE nonce = ?1)",
                        params![n],
                        |r| r.get(0),
                    )?,
                    None => true,
                };
                tx.execute(
                    "INSERT INTO main.attendance (id, registration_id, session_id, at, desk, method, \
                     nonce, undone_at, undone_by, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        a.id,
                        reg,
                        session,
                        a.at,
                        a.desk,
                        a.method,
                        a.nonce.as_ref().filter(|_| nonce_free),
                        a.undone_at,
                        a.undone_by,
                        a.created_at,
                        a.updated_at
                    ],
                )?;
                if a.undone_at.is_none() {
                    report.checkins_added += 1;
                }
            }
            Some((host_id, host_at, host_desk, host_undone)) => {
                if a.undone_at.is_some() {
                    // An undone check-in on the package adds nothing to an existing one.
                    report.checkins_known += 1;
                } else if host_undone.is_some() {
                    // The host undid its own; the package's stands: revive with its data.
                    tx.execute(
                        "UPDATE main.attendance SET at = ?2, desk = ?3, method = ?4, \
                         undone_at = NULL, undone_by = NULL, updated_at = ?5 WHERE id = ?1",
                        params![host_id, a.at, a.desk, a.method, now],
                    )?;
                    report.checkins_updated += 1;
                } else {
                    let label: Option<String> = tx
                        .query_row(
                            "SELECT title || ' (' || date || ' ' || start_time || ')' \
                             FROM main.session WHERE id = ?1",
                            params![session],
                            |r| r.get(0),
                        )
                        .optional()?;
                    let conflict = Conflict {
                        name: reg_names
                            .get(a.registration_id.as_str())
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                        session: label.unwrap_or_default(),
                        host_at,
                        host_desk,
                        package_at: a.at.clone(),
                        package_desk: a.desk.clone(),
                    };
                    let logged: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM main.audit_log \
                         WHERE action = 'merge_conflict' AND entity = 'attendance' AND entity_id = ?1)",
                        params![a.id],
                        |r| r.get(0),
                    )?;
                    if !logged {
                        super::audit::insert_audit(
                            tx,
                            actor,
                            "merge_conflict",
                            "attendance",
                            Some(&a.id),
                            Some(&serde_json::to_string(&conflict).unwrap_or_default()),
                        )?;
                    }
                    report.conflicts.push(conflict);
                }
            }
        }
    }

    // The event's scan log; a reference to a session or registration outside the event is
    // not kept (the log line is).
    for s in &pkg.scans {
        next_row()?;
        let session = s
            .session_id
            .as_deref()
            .filter(|id| host_sessions.contains(id));
        let registration = s
            .registration_id
            .as_deref()
            .filter(|id| package_registrations.contains(id))
            .map(|id| reg_map.get(id).cloned().unwrap_or_else(|| id.to_string()));
        report.scans_added += tx.execute(
            "INSERT OR IGNORE INTO main.scan_log (id, at, desk, event_id, session_id, input, \
             result, registration_id, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.id,
                s.at,
                s.desk,
                event,
                session,
                s.input,
                s.result,
                registration,
                s.message
            ],
        )? as u64;
    }
    Ok(report)
}
