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

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};

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
        "DELETE FROM session_minutes WHERE session_id IN (SELECT id FROM session WHERE event_id != ?1)",
        "DELETE FROM session WHERE event_id != ?1",
        "DELETE FROM signatory WHERE event_id != ?1",
        "DELETE FROM opd_quota WHERE event_id != ?1",
        "DELETE FROM certificate_override WHERE registration_id IN \
         (SELECT id FROM registration WHERE event_id != ?1)",
        "DELETE FROM certificate WHERE event_id != ?1",
        "DELETE FROM certificate_settings WHERE event_id != ?1",
        "DELETE FROM letter_settings WHERE event_id != ?1",
        "DELETE FROM letter WHERE event_id != ?1",
        "DELETE FROM report WHERE event_id != ?1",
        "DELETE FROM report_photo WHERE event_id != ?1",
        // A desk pays no one: bank accounts, tax ids and rates stay in the office.
        "DELETE FROM finance_print",
        "DELETE FROM finance_settings",
        "DELETE FROM registration_finance",
        "DELETE FROM person_finance",
        "DELETE FROM finance_rate",
        // Participants' phone sign-ins are the host's: a desk's copy serves no phone.
        "DELETE FROM participant_session",
        // The forms go with the event; the answers stay on the host (a package is for
        // checking in).
        "DELETE FROM form_respondent",
        "DELETE FROM form_answer",
        "DELETE FROM form_response",
        "DELETE FROM form_question WHERE form_id IN (SELECT id FROM form WHERE event_id != ?1)",
        "UPDATE form SET bank_form_id = NULL WHERE event_id != ?1",
        "DELETE FROM form WHERE event_id != ?1",
        "DELETE FROM portal",
        // Materials are for phones, which the host serves; a desk needs none of them.
        "DELETE FROM material_download",
        "DELETE FROM material",
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
/// the merge, `offline::merge`) and checks that its schema is exactly this app's current one
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

impl PkgOpd {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<PkgOpd> {
        Ok(PkgOpd {
            id: r.get("id")?,
            name: r.get("name")?,
            short_name: r.get("short_name")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
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

impl PkgRegistration {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<PkgRegistration> {
        Ok(PkgRegistration {
            id: r.get("id")?,
            person_id: r.get("person_id")?,
            role: r.get("role")?,
            code: r.get("code")?,
            status: r.get("status")?,
            note: r.get("note")?,
            cancel_reason: r.get("cancel_reason")?,
            duty: r.get("duty")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
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

impl PkgAttendance {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<PkgAttendance> {
        Ok(PkgAttendance {
            id: r.get("id")?,
            registration_id: r.get("registration_id")?,
            session_id: r.get("session_id")?,
            at: r.get("at")?,
            desk: r.get("desk")?,
            method: r.get("method")?,
            nonce: r.get("nonce")?,
            undone_at: r.get("undone_at")?,
            undone_by: r.get("undone_by")?,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    }
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

impl PkgScan {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<PkgScan> {
        Ok(PkgScan {
            id: r.get("id")?,
            at: r.get("at")?,
            desk: r.get("desk")?,
            session_id: r.get("session_id")?,
            input: r.get("input")?,
            result: r.get("result")?,
            registration_id: r.get("registration_id")?,
            message: r.get("message")?,
        })
    }
}

/// Everything of a package that a merge may bring in: its own event (named by the
/// `package_event` setting) and nothing else. The use-case validates these rows like typed
/// input before the merge writes them (people already cleaned, in `people`).
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
        .query_map(e, PkgOpd::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let registrations = conn
        .prepare(
            "SELECT id, person_id, role, code, status, note, cancel_reason, duty, created_at, \
             updated_at FROM pkg.registration WHERE event_id = ?1 ORDER BY created_at, id",
        )?
        .query_map(e, PkgRegistration::from_row)?
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
        .query_map(e, PkgAttendance::from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let scans = conn
        .prepare(
            "SELECT id, at, desk, session_id, input, result, registration_id, message \
             FROM pkg.scan_log WHERE event_id = ?1 ORDER BY at, id",
        )?
        .query_map(e, PkgScan::from_row)?
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

// What a merge reads of the host and writes to it, row by row; what to do with each row
// of the package is decided in `offline::merge`. Every query names `main`, the host's own
// database, beside the attached package.

/// Rows of a merge are inserted as the package has them and re-pointed right after (an
/// OPD or a person the host already knows under another id): foreign keys of the
/// transaction `tx` are checked at its commit.
pub fn defer_foreign_keys(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON;")
}

/// Whether the host has the event `id`.
pub fn host_has_event(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM main.event WHERE id = ?1)",
        params![id],
        |r| r.get(0),
    )
}

fn event_of(conn: &Connection, table: &str, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        &format!("SELECT event_id FROM main.{table} WHERE id = ?1"),
        params![id],
        |r| r.get("event_id"),
    )
    .optional()
}

/// The event of the host's session `id`, if the host has it.
pub fn session_event(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    event_of(conn, "session", id)
}

/// The event of the host's registration `id`, if the host has it.
pub fn registration_event(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    event_of(conn, "registration", id)
}

/// The host's OPD with the package OPD's id, else with its name (`name_key`).
pub fn host_opd(conn: &Connection, id: &str, name_key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT id FROM main.opd WHERE id = ?1 OR name_key = ?2 \
         ORDER BY id = ?1 DESC LIMIT 1",
        params![id, name_key],
        |r| r.get("id"),
    )
    .optional()
}

/// Adds a package's OPD to the host as the package has it.
pub fn insert_opd(conn: &Connection, o: &PkgOpd, name_key: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO main.opd (id, name, short_name, name_key, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            o.id,
            o.name,
            o.short_name,
            name_key,
            o.created_at,
            o.updated_at
        ],
    )?;
    Ok(())
}

/// The host's person with the package person's id, else its NIP, else its NIK.
pub fn host_person(
    conn: &Connection,
    p: &super::people::PersonRow,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT id FROM main.person WHERE id = ?1 \
         UNION ALL SELECT id FROM main.person WHERE nip = ?2 \
         UNION ALL SELECT id FROM main.person WHERE nik = ?3 LIMIT 1",
        params![p.id, p.nip, p.nik],
        |r| r.get("id"),
    )
    .optional()
}

/// The host's registration of `person` in `event`.
pub fn registration_of_person(
    conn: &Connection,
    event: &str,
    person: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT id FROM main.registration WHERE event_id = ?1 AND person_id = ?2",
        params![event, person],
        |r| r.get("id"),
    )
    .optional()
}

/// Whether a registration of the host has the check-in code `code`.
pub fn code_taken(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM main.registration WHERE code = ?1)",
        params![code],
        |r| r.get(0),
    )
}

/// Adds a package's registration to the host's `event`, for the host's `person`, with
/// the check-in code `code`.
pub fn insert_registration(
    conn: &Connection,
    event: &str,
    person: &str,
    r: &PkgRegistration,
    code: &str,
) -> rusqlite::Result<()> {
    conn.execute(
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
    Ok(())
}

/// The host's check-in with a package check-in's id (merged before, or another's).
#[derive(Debug, Clone)]
pub struct HostAttendance {
    pub registration_id: String,
    pub session_id: String,
    pub undone_at: Option<String>,
}

/// The host's check-in with the id `id`.
pub fn host_attendance(conn: &Connection, id: &str) -> rusqlite::Result<Option<HostAttendance>> {
    conn.query_row(
        "SELECT registration_id, session_id, undone_at FROM main.attendance WHERE id = ?1",
        params![id],
        |r| {
            Ok(HostAttendance {
                registration_id: r.get("registration_id")?,
                session_id: r.get("session_id")?,
                undone_at: r.get("undone_at")?,
            })
        },
    )
    .optional()
}

/// The host's own check-in of one registration for one session.
#[derive(Debug, Clone)]
pub struct HostCheckin {
    pub id: String,
    pub at: String,
    pub desk: Option<String>,
    pub undone_at: Option<String>,
}

/// The host's check-in of `registration` for `session`.
pub fn host_checkin(
    conn: &Connection,
    registration: &str,
    session: &str,
) -> rusqlite::Result<Option<HostCheckin>> {
    conn.query_row(
        "SELECT id, at, desk, undone_at FROM main.attendance \
         WHERE registration_id = ?1 AND session_id = ?2",
        params![registration, session],
        |r| {
            Ok(HostCheckin {
                id: r.get("id")?,
                at: r.get("at")?,
                desk: r.get("desk")?,
                undone_at: r.get("undone_at")?,
            })
        },
    )
    .optional()
}

/// Whether a check-in of the host has the nonce `nonce`.
pub fn nonce_taken(conn: &Connection, nonce: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM main.attendance WHERE nonce = ?1)",
        params![nonce],
        |r| r.get(0),
    )
}

/// Adds a package's check-in to the host, for the host's `registration`, with `nonce`.
pub fn insert_attendance(
    conn: &Connection,
    a: &PkgAttendance,
    registration: &str,
    nonce: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO main.attendance (id, registration_id, session_id, at, desk, method, \
         nonce, undone_at, undone_by, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            a.id,
            registration,
            a.session_id,
            a.at,
            a.desk,
            a.method,
            nonce,
            a.undone_at,
            a.undone_by,
            a.created_at,
            a.updated_at
        ],
    )?;
    Ok(())
}

/// Undoes the host's check-in `a.id` as the package undid it.
pub fn undo_attendance(conn: &Connection, a: &PkgAttendance, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE main.attendance SET undone_at = ?2, undone_by = ?3, updated_at = ?4 WHERE id = ?1",
        params![a.id, a.undone_at, a.undone_by, now],
    )?;
    Ok(())
}

/// Revives the host's undone check-in `host_id` with the time, desk and method of the
/// package's check-in `a`.
pub fn revive_attendance(
    conn: &Connection,
    host_id: &str,
    a: &PkgAttendance,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE main.attendance SET at = ?2, desk = ?3, method = ?4, \
         undone_at = NULL, undone_by = NULL, updated_at = ?5 WHERE id = ?1",
        params![host_id, a.at, a.desk, a.method, now],
    )?;
    Ok(())
}

/// The host's session `id` as a conflict names it: `title (date start)`.
pub fn session_label(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT title || ' (' || date || ' ' || start_time || ')' \
         FROM main.session WHERE id = ?1",
        params![id],
        |r| r.get(0),
    )
    .optional()
}

/// Whether the conflict of the package's check-in `attendance_id` is in the audit log.
pub fn conflict_logged(conn: &Connection, attendance_id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM main.audit_log \
         WHERE action = 'merge_conflict' AND entity = 'attendance' AND entity_id = ?1)",
        params![attendance_id],
        |r| r.get(0),
    )
}

/// Adds a line of the package's scan log to the host's `event`, unless it has it;
/// `session` and `registration` as the host has them (or none). Returns 1 if added.
pub fn insert_scan(
    conn: &Connection,
    event: &str,
    s: &PkgScan,
    session: Option<&str>,
    registration: Option<&str>,
) -> rusqlite::Result<u64> {
    let added = conn.execute(
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
    )?;
    Ok(added as u64)
}
