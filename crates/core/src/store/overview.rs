//! Counts of one event for the Beranda (`overview`): one pass over the event's
//! registrations and a few aggregates over indexes, so the whole overview stays under
//! 50 ms for an event of 20,000 people (`bintek bench`: `event_overview`).

use std::collections::HashMap;

use rusqlite::{params, Connection};

/// One registration of the event, as the overview sums it.
pub struct RegistrationFacts<'a> {
    pub role: &'a str,
    pub status: &'a str,
    pub opd_id: Option<&'a str>,
    pub badge_printed_at: Option<&'a str>,
    /// The organizer's decision on the certificate, if any.
    pub decided: Option<bool>,
    /// Attendance-taking sessions present at.
    pub attended: i64,
    /// Present in the session the overview focuses on.
    pub in_focus: bool,
}

/// Every registration of the event (any role and status), once, with its OPD, card,
/// certificate decision and attendance.
pub fn each_registration(
    conn: &Connection,
    event_id: &str,
    focus_session: Option<&str>,
    mut each: impl FnMut(RegistrationFacts<'_>),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.role, r.status, p.opd_id, r.badge_printed_at, v.eligible, \
           (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id \
              AND a.undone_at IS NULL AND a.session_id IN \
              (SELECT id FROM session WHERE event_id = ?1 AND takes_attendance = 1)), \
           EXISTS (SELECT 1 FROM attendance a WHERE a.registration_id = r.id \
              AND a.session_id = ?2 AND a.undone_at IS NULL) \
         FROM registration r JOIN person p ON p.id = r.person_id \
         LEFT JOIN certificate_override v ON v.registration_id = r.id \
         WHERE r.event_id = ?1",
    )?;
    let mut rows = stmt.query(params![event_id, focus_session])?;
    while let Some(r) = rows.next()? {
        let decided: Option<i64> = r.get(4)?;
        each(RegistrationFacts {
            role: r.get_ref(0)?.as_str()?,
            status: r.get_ref(1)?.as_str()?,
            opd_id: r.get_ref(2)?.as_str_or_null()?,
            badge_printed_at: r.get_ref(3)?.as_str_or_null()?,
            decided: decided.map(|d| d != 0),
            attended: r.get(5)?,
            in_focus: r.get(6)?,
        });
    }
    Ok(())
}

/// The event's OPD quotas: OPD id → quota.
pub fn quotas(conn: &Connection, event_id: &str) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT opd_id, quota FROM opd_quota WHERE event_id = ?1")?;
    let rows = stmt.query_map(params![event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// An OPD's name, short name and sort key.
pub struct OpdName {
    pub name: String,
    pub short_name: Option<String>,
    pub key: String,
}

/// Every OPD by id.
pub fn opd_names(conn: &Connection) -> rusqlite::Result<HashMap<String, OpdName>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, short_name, name_key FROM opd")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            OpdName {
                name: r.get(1)?,
                short_name: r.get(2)?,
                key: r.get(3)?,
            },
        ))
    })?;
    rows.collect()
}

/// Participants present (standing check-ins of registered participants) per session of
/// the event.
pub fn present_per_session(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.session_id, count(*) FROM session s \
         JOIN attendance a ON a.session_id = s.id AND a.undone_at IS NULL \
         JOIN registration r ON r.id = a.registration_id \
         WHERE s.event_id = ?1 AND r.role = 'participant' AND r.status = 'registered' \
         GROUP BY a.session_id",
    )?;
    let rows = stmt.query_map(params![event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// People registered at a desk on the spot (a standing walk-in check-in) in the event.
pub fn walkins(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(DISTINCT a.registration_id) FROM session s \
         JOIN attendance a ON a.session_id = s.id AND a.undone_at IS NULL \
         WHERE s.event_id = ?1 AND a.method = 'walkin'",
    )?
    .query_row(params![event_id], |r| r.get(0))
}

/// One desk's standing check-ins in some sessions, and its latest one.
#[derive(Debug, Clone)]
pub struct DeskCount {
    /// The desk's name as recorded with the check-in; `None` for check-ins made without
    /// one (the organizer's own window).
    pub desk: Option<String>,
    pub checkins: i64,
    /// RFC 3339 UTC.
    pub last_at: String,
}

/// Standing check-ins per desk in `sessions`, read from `attendance_by_session_desk`.
pub fn desk_counts(conn: &Connection, sessions: &[&str]) -> rusqlite::Result<Vec<DeskCount>> {
    let mut all: HashMap<Option<String>, DeskCount> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT desk, count(*), max(at) FROM attendance \
         WHERE session_id = ?1 AND undone_at IS NULL GROUP BY desk",
    )?;
    for session in sessions {
        let rows = stmt.query_map(params![session], |r| {
            Ok(DeskCount {
                desk: r.get(0)?,
                checkins: r.get(1)?,
                last_at: r.get(2)?,
            })
        })?;
        for row in rows {
            let row = row?;
            let entry = all.entry(row.desk.clone()).or_insert_with(|| DeskCount {
                desk: row.desk.clone(),
                checkins: 0,
                last_at: String::new(),
            });
            entry.checkins += row.checkins;
            if row.last_at > entry.last_at {
                entry.last_at = row.last_at;
            }
        }
    }
    let mut out: Vec<DeskCount> = all.into_values().collect();
    out.sort_by(|a, b| a.desk.cmp(&b.desk));
    Ok(out)
}

/// A paired desk that is not revoked: its name and when it was last heard from.
pub fn standing_desks(conn: &Connection) -> rusqlite::Result<Vec<(String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, last_seen_at FROM desk WHERE revoked_at IS NULL ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Certificates of the event by status (`issued`, `revoked`).
pub fn certificate_counts(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, count(*) FROM certificate WHERE event_id = ?1 GROUP BY status",
    )?;
    let rows = stmt.query_map(params![event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Marks the cards of `registration_ids` as printed at `now`.
pub fn mark_badges_printed(
    conn: &Connection,
    registration_ids: &[&str],
    now: &str,
) -> rusqlite::Result<()> {
    let mut stmt =
        conn.prepare_cached("UPDATE registration SET badge_printed_at = ?2 WHERE id = ?1")?;
    for id in registration_ids {
        stmt.execute(params![id, now])?;
    }
    Ok(())
}
