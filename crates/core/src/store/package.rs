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
/// settings, overrides and certificates, the audit log, desk tokens and scan logs go. A
/// table added later that refers to an event or a registration must be added here
/// (`tests/merge.rs` checks every table with an `event_id` column).
/// The caller vacuums afterwards so that nothing deleted stays in free pages.
pub fn prune_to_event(conn: &Connection, event_id: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let tx = conn.unchecked_transaction()?;
    let statements = [
        "DELETE FROM audit_log",
        "DELETE FROM desk",
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

/// Attaches the package file at `path` as schema `pkg` (for
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// Merges the package attached as schema `pkg` into the main database, inside `tx`.
/// `new_code` makes a fresh check-in code when a walk-in's code is taken on the host.
pub fn merge_attached(
    tx: &Transaction<'_>,
    actor: &str,
    now: &str,
    new_code: &dyn Fn() -> String,
) -> rusqlite::Result<MergeReport> {
    let mut report = MergeReport::default();
    // Rows are inserted as the package has them and re-pointed right after (an OPD or a
    // person the host already knows under another id): check foreign keys at commit.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
    // Events: only those the host knows.
    let mut events = Vec::new();
    {
        let mut stmt = tx.prepare(
            "SELECT p.id, p.title, EXISTS (SELECT 1 FROM main.event e WHERE e.id = p.id) FROM pkg.event p",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        for row in rows {
            let (id, title, known) = row?;
            if known {
                events.push(id);
                report.events.push(title);
            } else {
                report.unknown_events.push(title);
            }
        }
    }

    // OPDs used by the package's people: by id, else by name, else added.
    let mut opd_map: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT id, name, short_name, name_key, created_at, updated_at FROM pkg.opd \
             WHERE id IN (SELECT opd_id FROM pkg.person WHERE opd_id IS NOT NULL)",
        )?;
        let rows: Vec<(String, String, Option<String>, String, String, String)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, name, short, key, created, updated) in rows {
            let host: Option<String> = tx
                .query_row(
                    "SELECT id FROM main.opd WHERE id = ?1 OR name_key = ?2 \
                     ORDER BY id = ?1 DESC LIMIT 1",
                    params![id, key],
                    |r| r.get(0),
                )
                .optional()?;
            let mapped = match host {
                Some(h) => h,
                None => {
                    tx.execute(
                        "INSERT INTO main.opd (id, name, short_name, name_key, created_at, updated_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![id, name, short, key, created, updated],
                    )?;
                    report.opds_added += 1;
                    id.clone()
                }
            };
            opd_map.insert(id, mapped);
        }
    }

    // People registered in the merged events: by id, else NIP, else NIK, else added.
    let mut person_map: HashMap<String, String> = HashMap::new();
    for event in &events {
        let mut stmt = tx.prepare(
            "SELECT p.id, p.nip, p.nik FROM pkg.person p \
             WHERE p.id IN (SELECT person_id FROM pkg.registration WHERE event_id = ?1)",
        )?;
        let rows: Vec<(String, Option<String>, Option<String>)> = stmt
            .query_map(params![event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, nip, nik) in rows {
            if person_map.contains_key(&id) {
                continue;
            }
            let host: Option<String> = tx
                .query_row(
                    "SELECT id FROM main.person WHERE id = ?1 \
                     UNION ALL SELECT id FROM main.person WHERE nip = ?2 \
                     UNION ALL SELECT id FROM main.person WHERE nik = ?3 LIMIT 1",
                    params![id, nip, nik],
                    |r| r.get(0),
                )
                .optional()?;
            let mapped = match host {
                Some(h) => h,
                None => {
                    let opd: Option<String> = tx.query_row(
                        "SELECT opd_id FROM pkg.person WHERE id = ?1",
                        params![id],
                        |r| r.get(0),
                    )?;
                    let opd = opd.map(|o| opd_map.get(&o).cloned().unwrap_or(o));
                    tx.execute(
                        "INSERT INTO main.person SELECT * FROM pkg.person WHERE id = ?1",
                        params![id],
                    )?;
                    tx.execute(
                        "UPDATE main.person SET opd_id = ?2 WHERE id = ?1",
                        params![id, opd],
                    )?;
                    report.people_added += 1;
                    id.clone()
                }
            };
            person_map.insert(id, mapped);
        }
    }

    // Registrations: by id, else by event + person, else added (a walk-in).
    let mut reg_map: HashMap<String, String> = HashMap::new();
    for event in &events {
        let mut stmt = tx.prepare(
            "SELECT id, person_id, code FROM pkg.registration WHERE event_id = ?1 \
             ORDER BY created_at",
        )?;
        let rows: Vec<(String, String, String)> = stmt
            .query_map(params![event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, person, code) in rows {
            let person = person_map.get(&person).cloned().unwrap_or(person);
            let host: Option<String> = tx
                .query_row(
                    "SELECT id FROM main.registration WHERE id = ?1 \
                     UNION ALL SELECT id FROM main.registration WHERE event_id = ?2 AND person_id = ?3 \
                     LIMIT 1",
                    params![id, event, person],
                    |r| r.get(0),
                )
                .optional()?;
            let mapped = match host {
                Some(h) => h,
                None => {
                    let taken: bool = tx.query_row(
                        "SELECT EXISTS (SELECT 1 FROM main.registration WHERE code = ?1)",
                        params![code],
                        |r| r.get(0),
                    )?;
                    let code = if taken { new_code() } else { code };
                    tx.execute(
                        "INSERT INTO main.registration (id, event_id, person_id, role, code, status, \
                         note, created_at, updated_at, cancel_reason, duty) \
                         SELECT id, event_id, ?2, role, ?3, status, note, created_at, updated_at, \
                         cancel_reason, duty FROM pkg.registration WHERE id = ?1",
                        params![id, person, code],
                    )?;
                    report.registrations_added += 1;
                    id.clone()
                }
            };
            reg_map.insert(id, mapped);
        }
    }

    // Attendance of the merged events' sessions.
    for event in &events {
        let mut stmt = tx.prepare(
            "SELECT a.id, a.registration_id, a.session_id, a.at, a.desk, a.method, a.nonce, \
                    a.undone_at, a.undone_by, a.created_at, a.updated_at, \
                    EXISTS (SELECT 1 FROM main.session s WHERE s.id = a.session_id), \
                    (SELECT p.name FROM pkg.registration r JOIN pkg.person p ON p.id = r.person_id \
                      WHERE r.id = a.registration_id), \
                    (SELECT s.title || ' (' || s.date || ' ' || s.start_time || ')' FROM pkg.session s WHERE s.id = a.session_id) \
             FROM pkg.attendance a JOIN pkg.session s ON s.id = a.session_id \
             WHERE s.event_id = ?1 ORDER BY a.at",
        )?;
        type Row = (
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
            bool,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = stmt
            .query_map(params![event], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (
            id,
            reg,
            session,
            at,
            desk,
            method,
            nonce,
            undone_at,
            undone_by,
            created,
            updated,
            session_known,
            name,
            session_label,
        ) in rows
        {
            if !session_known {
                report.unknown_sessions += 1;
                continue;
            }
            let reg = reg_map.get(&reg).cloned().unwrap_or(reg);
            let same: Option<Option<String>> = tx
                .query_row(
                    "SELECT undone_at FROM main.attendance WHERE id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(host_undone) = same {
                // Merged before: only an undo made afterwards on the package moves.
                if host_undone.is_none() && undone_at.is_some() {
                    tx.execute(
                        "UPDATE main.attendance SET undone_at = ?2, undone_by = ?3, updated_at = ?4 WHERE id = ?1",
                        params![id, undone_at, undone_by, now],
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
                    let nonce_free: bool = match &nonce {
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
                            id,
                            reg,
                            session,
                            at,
                            desk,
                            method,
                            nonce.filter(|_| nonce_free),
                            undone_at,
                            undone_by,
                            created,
                            updated
                        ],
                    )?;
                    if undone_at.is_none() {
                        report.checkins_added += 1;
                    }
                }
                Some((host_id, host_at, host_desk, host_undone)) => {
                    if undone_at.is_some() {
                        // An undone check-in on the package adds nothing to an existing one.
                        report.checkins_known += 1;
                    } else if host_undone.is_some() {
                        // The host undid its own; the package's stands: revive with its data.
                        tx.execute(
                            "UPDATE main.attendance SET at = ?2, desk = ?3, method = ?4, \
                             undone_at = NULL, undone_by = NULL, updated_at = ?5 WHERE id = ?1",
                            params![host_id, at, desk, method, now],
                        )?;
                        report.checkins_updated += 1;
                    } else {
                        let conflict = Conflict {
                            name: name.unwrap_or_default(),
                            session: session_label.unwrap_or_default(),
                            host_at,
                            host_desk,
                            package_at: at,
                            package_desk: desk,
                        };
                        let logged: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM main.audit_log \
                             WHERE action = 'merge_conflict' AND entity = 'attendance' AND entity_id = ?1)",
                            params![id],
                            |r| r.get(0),
                        )?;
                        if !logged {
                            super::audit::insert_audit(
                                tx,
                                actor,
                                "merge_conflict",
                                "attendance",
                                Some(&id),
                                Some(&serde_json::to_string(&conflict).unwrap_or_default()),
                            )?;
                        }
                        report.conflicts.push(conflict);
                    }
                }
            }
        }
        report.scans_added += tx.execute(
            "INSERT OR IGNORE INTO main.scan_log SELECT * FROM pkg.scan_log WHERE event_id = ?1",
            params![event],
        )? as u64;
    }
    Ok(report)
}
