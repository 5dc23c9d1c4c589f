//! Queries over `attendance` for the printed documents.

use std::collections::HashMap;

use rusqlite::{params, Connection};

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
