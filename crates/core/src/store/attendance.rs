//! Queries over `attendance` and `scan_log`: the check-in desk (find, record, undo,
//! search, counts) and the printed documents.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{new_id, now};

/// A check-in as the attendance list shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub registration_id: String,
    pub code: String,
    pub name: String,
    pub opd: Option<String>,
    pub session_id: String,
    pub at: String,
    pub desk: Option<String>,
    pub method: String,
}

/// Present / registered participants of one OPD (`None`: people without an OPD).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpdCount {
    pub opd_id: Option<String>,
    pub opd: Option<String>,
    pub present: i64,
    pub registered: i64,
}

/// The attendance row of one registration and session, undone or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinRow {
    pub at: String,
    pub undone_at: Option<String>,
    pub desk: Option<String>,
    pub method: String,
}

/// The registration holding this check-in code (codes are unique across events).
pub fn registration_by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT id FROM registration WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()
}

/// A registration of the person with this NIP, the one in `event_id` if there is one.
pub fn registration_by_nip(
    conn: &Connection,
    nip: &str,
    event_id: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT r.id FROM registration r JOIN person p ON p.id = r.person_id \
         WHERE p.nip = ?1 ORDER BY r.event_id = ?2 DESC LIMIT 1",
    )?
    .query_row(params![nip, event_id], |r| r.get(0))
    .optional()
}

/// The (registration, session) of the check-in made with this nonce, if any.
pub fn by_nonce(conn: &Connection, nonce: &str) -> rusqlite::Result<Option<(String, String)>> {
    conn.prepare_cached("SELECT registration_id, session_id FROM attendance WHERE nonce = ?1")?
        .query_row([nonce], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

/// The attendance row of a registration for a session, undone ones included.
pub fn get_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
) -> rusqlite::Result<Option<CheckinRow>> {
    conn.prepare_cached(
        "SELECT at, undone_at, desk, method FROM attendance \
         WHERE registration_id = ?1 AND session_id = ?2",
    )?
    .query_row(params![registration_id, session_id], |r| {
        Ok(CheckinRow {
            at: r.get(0)?,
            undone_at: r.get(1)?,
            desk: r.get(2)?,
            method: r.get(3)?,
        })
    })
    .optional()
}

/// Checks an undone attendance in again at `now`, with this desk, method and nonce.
pub fn revive_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
    now: &str,
    desk: Option<&str>,
    method: &str,
    nonce: Option<&str>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE attendance SET at = ?3, desk = ?4, method = ?5, nonce = ?6, \
         undone_at = NULL, undone_by = NULL, updated_at = ?3 \
         WHERE registration_id = ?1 AND session_id = ?2",
    )?
    .execute(params![
        registration_id,
        session_id,
        now,
        desk,
        method,
        nonce
    ])
}

/// Inserts a new attendance (a fresh id) checked in at `now`.
pub fn insert_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
    now: &str,
    desk: Option<&str>,
    method: &str,
    nonce: Option<&str>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "INSERT INTO attendance (id, registration_id, session_id, at, desk, method, nonce, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?4, ?4)",
    )?
    .execute(params![
        new_id(),
        registration_id,
        session_id,
        now,
        desk,
        method,
        nonce
    ])
}

/// Marks a standing check-in undone at `now` by `by`; 0 when there was none to undo.
pub fn undo_checkin(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
    now: &str,
    by: Option<&str>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE attendance SET undone_at = ?3, undone_by = ?4, updated_at = ?3 \
         WHERE registration_id = ?1 AND session_id = ?2 AND undone_at IS NULL",
    )?
    .execute(params![registration_id, session_id, now, by])
}

/// Writes one scan (or search Enter, or undo) of a desk into `scan_log`, stamped now.
#[allow(clippy::too_many_arguments)]
pub fn insert_scan(
    conn: &Connection,
    desk: Option<&str>,
    event_id: &str,
    session_id: Option<&str>,
    input: &str,
    result: &str,
    registration_id: Option<&str>,
    message: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO scan_log (id, at, desk, event_id, session_id, input, result, \
         registration_id, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        new_id(),
        now(),
        desk,
        event_id,
        session_id,
        input,
        result,
        registration_id,
        message
    ])?;
    Ok(())
}

/// When a registration checked in for a session, if it stands (not undone).
pub fn checked_in_at(
    conn: &Connection,
    registration_id: &str,
    session_id: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT at FROM attendance WHERE registration_id = ?1 AND session_id = ?2 AND undone_at IS NULL",
    )?
    .query_row(params![registration_id, session_id], |r| r.get(0))
    .optional()
}

/// The event's standing check-ins (of one session, or all), by session time then arrival.
pub fn list_attendance(
    conn: &Connection,
    event_id: &str,
    session_id: Option<&str>,
) -> rusqlite::Result<Vec<AttendanceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.registration_id, r.code, p.name, o.name, a.session_id, a.at, a.desk, a.method \
         FROM attendance a JOIN registration r ON r.id = a.registration_id \
         JOIN person p ON p.id = r.person_id LEFT JOIN opd o ON o.id = p.opd_id \
         JOIN session s ON s.id = a.session_id \
         WHERE s.event_id = ?1 AND (?2 IS NULL OR a.session_id = ?2) AND a.undone_at IS NULL \
         ORDER BY s.date, s.start_time, a.at",
    )?;
    let rows = stmt.query_map(params![event_id, session_id], |r| {
        Ok(AttendanceRow {
            registration_id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            opd: r.get(3)?,
            session_id: r.get(4)?,
            at: r.get(5)?,
            desk: r.get(6)?,
            method: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// Present / registered participants of the event per OPD for one session, by OPD name
/// (people without an OPD last).
pub fn opd_counts(
    conn: &Connection,
    event_id: &str,
    session_id: &str,
) -> rusqlite::Result<Vec<OpdCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.opd_id, o.name, count(a.id), count(*) FROM registration r \
         JOIN person p ON p.id = r.person_id LEFT JOIN opd o ON o.id = p.opd_id \
         LEFT JOIN attendance a ON a.registration_id = r.id AND a.session_id = ?2 \
           AND a.undone_at IS NULL \
         WHERE r.event_id = ?1 AND r.status = 'registered' AND r.role = 'participant' \
         GROUP BY p.opd_id ORDER BY o.name_key IS NULL, o.name_key",
    )?;
    let rows = stmt.query_map(params![event_id, session_id], |r| {
        Ok(OpdCount {
            opd_id: r.get(0)?,
            opd: r.get(1)?,
            present: r.get(2)?,
            registered: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Check-in time (RFC 3339 UTC) per registration for one session; undone check-ins are
/// left out.
pub fn checkin_times(
    conn: &Connection,
    session_id: &str,
) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT registration_id, at FROM attendance \
         WHERE session_id = ?1 AND undone_at IS NULL",
    )?;
    let rows = stmt.query_map(params![session_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Check-in time per (registration, session) over all sessions of an event; undone
/// check-ins are left out.
pub fn event_checkins(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<(String, String), String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.registration_id, a.session_id, a.at FROM attendance a \
         JOIN session s ON s.id = a.session_id \
         WHERE s.event_id = ?1 AND a.undone_at IS NULL",
    )?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok(((r.get(0)?, r.get(1)?), r.get(2)?))
    })?;
    rows.collect()
}

/// Dates the event's check-ins as if people arrived for each session: from 25 minutes
/// before its start over the next half hour, spread by row. Session times are wall-clock
/// times where the app runs, `utc_offset` seconds ahead of UTC (WIB: 25,200). For the
/// demo, whose check-ins are made when it is seeded, years after its sessions.
pub fn stamp_arrivals(
    conn: &Connection,
    event_id: &str,
    utc_offset: i32,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE attendance SET at = ( \
             SELECT strftime('%Y-%m-%dT%H:%M:%S.000Z', s.date || ' ' || s.start_time, \
                 (-?2) || ' seconds', '-25 minutes', ((attendance.rowid * 37) % 1800) || ' seconds') \
             FROM session s WHERE s.id = attendance.session_id) \
         WHERE session_id IN (SELECT id FROM session WHERE event_id = ?1)",
    )?
    .execute(params![event_id, utc_offset])
}
