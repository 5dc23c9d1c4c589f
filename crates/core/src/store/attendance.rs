//! Queries over `attendance` and `scan_log`: the check-in desk (find, record, undo,
//! search, counts) and the printed documents.

use crate::model::CheckinMethod;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::new_id;

/// A check-in as the attendance list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AttendanceRow {
    pub registration_id: String,
    pub code: String,
    pub name: String,
    pub opd: Option<String>,
    pub session_id: String,
    pub at: String,
    pub desk: Option<String>,
    pub method: CheckinMethod,
}

/// Present / registered participants of one OPD (`None`: people without an OPD).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
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
    pub method: CheckinMethod,
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
            method: CheckinMethod::parse(&r.get::<_, String>(3)?),
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

/// One line of `scan_log`: a scan, a search Enter, a manual check-in or an undo of a desk.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'a> {
    /// RFC 3339 UTC; a check-in's line carries the time of its attendance row.
    pub at: &'a str,
    pub desk: Option<&'a str>,
    pub event_id: &'a str,
    pub session_id: Option<&'a str>,
    pub input: &'a str,
    /// `checked_in`, `already_checked_in`, `undone`, or the error code of a failed scan.
    pub result: &'a str,
    pub registration_id: Option<&'a str>,
    /// How a check-in was made (scan, search, manual, walkin); `None` for the rest.
    pub method: Option<&'a str>,
    pub message: &'a str,
}

/// Writes one line into `scan_log`.
pub fn insert_scan(conn: &Connection, s: &Scan<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO scan_log (id, at, desk, event_id, session_id, input, result, \
         registration_id, message, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        new_id(),
        s.at,
        s.desk,
        s.event_id,
        s.session_id,
        s.input,
        s.result,
        s.registration_id,
        s.message,
        s.method
    ])?;
    Ok(())
}

/// A check-in or undo of one registration, as `scan_log` recorded it.
#[derive(Debug, Clone)]
pub struct HistoryScan {
    pub session_id: String,
    pub at: String,
    pub desk: Option<String>,
    pub method: Option<CheckinMethod>,
    /// `checked_in` or `undone`.
    pub result: String,
}

/// Every check-in and undo of a registration in an event, oldest first.
pub fn history_scans(
    conn: &Connection,
    event_id: &str,
    registration_id: &str,
) -> rusqlite::Result<Vec<HistoryScan>> {
    let mut stmt = conn.prepare_cached(
        "SELECT session_id, at, desk, method, result FROM scan_log \
         WHERE registration_id = ?1 AND event_id = ?2 AND session_id IS NOT NULL \
           AND result IN ('checked_in', 'undone') \
         ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map(params![registration_id, event_id], |r| {
        Ok(HistoryScan {
            session_id: r.get(0)?,
            at: r.get(1)?,
            desk: r.get(2)?,
            method: r
                .get::<_, Option<String>>(3)?
                .map(|m| CheckinMethod::parse(&m)),
            result: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The attendance rows of a registration (undone ones too) with who undid them.
pub fn registration_checkins(
    conn: &Connection,
    registration_id: &str,
) -> rusqlite::Result<Vec<(String, CheckinRow, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT session_id, at, undone_at, desk, method, undone_by FROM attendance \
         WHERE registration_id = ?1",
    )?;
    let rows = stmt.query_map([registration_id], |r| {
        Ok((
            r.get(0)?,
            CheckinRow {
                at: r.get(1)?,
                undone_at: r.get(2)?,
                desk: r.get(3)?,
                method: CheckinMethod::parse(&r.get::<_, String>(4)?),
            },
            r.get(5)?,
        ))
    })?;
    rows.collect()
}

/// A registered participant not yet checked in to a session.
#[derive(Debug, Clone)]
pub struct AbsentRow {
    pub registration_id: String,
    pub code: String,
    pub name: String,
    pub nip: Option<String>,
    pub opd: Option<String>,
    pub position: Option<String>,
    pub role: String,
}

/// `WHERE` of the not-yet-arrived list: registered participants of event ?1 without a
/// standing check-in for session ?2 (the unique (registration, session) index answers
/// each one). The same people `opd_counts` counts as registered and not present.
const ABSENT_WHERE: &str =
    "r.event_id = ?1 AND r.status = 'registered' AND r.role = 'participant' \
     AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = r.id \
       AND a.session_id = ?2 AND a.undone_at IS NULL)";

/// How many registered participants have not checked in to the session.
pub fn absent_count(conn: &Connection, event_id: &str, session_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(&format!(
        "SELECT count(*) FROM registration r WHERE {ABSENT_WHERE}"
    ))?
    .query_row(params![event_id, session_id], |r| r.get(0))
}

/// The not-yet-arrived of a session by name, the first `limit` of those matching `q`
/// (part of the name, the OPD's name or short name, NIP digits, the check-in code), and
/// how many match in all.
pub fn absent_list(
    conn: &Connection,
    event_id: &str,
    session_id: &str,
    q: Option<&str>,
    limit: i64,
) -> rusqlite::Result<(Vec<AbsentRow>, i64)> {
    let pattern = q.map(|q| format!("%{}%", super::people::like_escape(&q.to_lowercase())));
    let digits: Option<String> = q.and_then(|q| {
        let d: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
        (d.len() >= 3).then(|| format!("%{d}%"))
    });
    let code = q.map(|q| q.trim().to_uppercase());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, r.code, p.name, p.nip, o.name, p.position, r.role, count(*) OVER () \
         FROM registration r JOIN person p ON p.id = r.person_id \
         LEFT JOIN opd o ON o.id = p.opd_id \
         WHERE {ABSENT_WHERE} AND (?3 IS NULL OR p.name_key LIKE ?3 ESCAPE '\\' \
           OR o.name_key LIKE ?3 ESCAPE '\\' OR lower(o.short_name) LIKE ?3 ESCAPE '\\' \
           OR p.nip LIKE ?4 OR r.code = ?5) \
         ORDER BY p.name_key, r.id LIMIT ?6"
    ))?;
    let mut matched = 0;
    let rows = stmt
        .query_map(
            params![event_id, session_id, pattern, digits, code, limit],
            |r| {
                Ok((
                    AbsentRow {
                        registration_id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                        nip: r.get(3)?,
                        opd: r.get(4)?,
                        position: r.get(5)?,
                        role: r.get(6)?,
                    },
                    r.get::<_, i64>(7)?,
                ))
            },
        )?
        .map(|row| {
            row.map(|(a, n)| {
                matched = n;
                a
            })
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, matched))
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
            method: CheckinMethod::parse(&r.get::<_, String>(7)?),
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
