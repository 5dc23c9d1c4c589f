//! Queries of `session`, `session_staff` and `signatory`.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::model::{Session, SessionKind, Signatory, SpeakerSession, StaffRef};

/// The room's matching key: case and spacing ignored.
pub fn room_key(room: &str) -> String {
    crate::validate::one_line(room).to_lowercase()
}

const COLUMNS: &str = "id, event_id, date, start_time, end_time, title, room, jp, kind, \
                       takes_attendance, notes, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Session> {
    let kind: String = r.get(8)?;
    Ok(Session {
        id: r.get(0)?,
        event_id: r.get(1)?,
        date: r.get(2)?,
        start_time: r.get(3)?,
        end_time: r.get(4)?,
        title: r.get(5)?,
        room: r.get(6)?,
        jp: r.get(7)?,
        kind: SessionKind::parse(&kind).unwrap_or(SessionKind::Material),
        takes_attendance: r.get::<_, i64>(9)? != 0,
        notes: r.get(10)?,
        speakers: Vec::new(),
        moderators: Vec::new(),
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

/// Fills `speakers` and `moderators` of the given sessions.
fn attach_staff(conn: &Connection, sessions: &mut [Session]) -> rusqlite::Result<()> {
    if sessions.is_empty() {
        return Ok(());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT ss.session_id, ss.role, ss.registration_id, p.name FROM session_staff ss \
         JOIN registration r ON r.id = ss.registration_id JOIN person p ON p.id = r.person_id \
         JOIN session s ON s.id = ss.session_id \
         WHERE s.event_id = ?1 ORDER BY ss.created_at",
    )?;
    let rows = stmt.query_map([&sessions[0].event_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            StaffRef {
                registration_id: r.get(2)?,
                name: r.get(3)?,
            },
        ))
    })?;
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, s) in sessions.iter().enumerate() {
        index.insert(s.id.clone(), i);
    }
    for row in rows {
        let (session_id, role, staff) = row?;
        if let Some(i) = index.get(&session_id) {
            if role == "moderator" {
                sessions[*i].moderators.push(staff);
            } else {
                sessions[*i].speakers.push(staff);
            }
        }
    }
    Ok(())
}

pub fn list_sessions(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<Session>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM session WHERE event_id = ?1 ORDER BY date, start_time, end_time"
    ))?;
    let mut sessions: Vec<Session> = stmt
        .query_map([event_id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    attach_staff(conn, &mut sessions)?;
    Ok(sessions)
}

pub fn get_session(conn: &Connection, id: &str) -> rusqlite::Result<Option<Session>> {
    let s = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM session WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    match s {
        Some(s) => {
            let all = list_sessions(conn, &s.event_id)?;
            Ok(all.into_iter().find(|x| x.id == id))
        }
        None => Ok(None),
    }
}

/// The first other session of the event in the same room on the same date whose time
/// overlaps `start..end`.
pub fn overlapping(
    conn: &Connection,
    event_id: &str,
    exclude_id: Option<&str>,
    date: &str,
    start: &str,
    end: &str,
    room_key: &str,
) -> rusqlite::Result<Option<Session>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM session WHERE event_id = ?1 AND date = ?2 AND room_key = ?3 \
         AND start_time < ?5 AND ?4 < end_time AND (?6 IS NULL OR id <> ?6) \
         ORDER BY start_time LIMIT 1"
    ))?
    .query_row(
        params![event_id, date, room_key, start, end, exclude_id],
        from_row,
    )
    .optional()
}

pub fn insert_session(conn: &Connection, s: &Session) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO session (id, event_id, date, start_time, end_time, title, room, room_key, \
         jp, kind, takes_attendance, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        s.id,
        s.event_id,
        s.date,
        s.start_time,
        s.end_time,
        s.title,
        s.room,
        s.room.as_deref().map(room_key),
        s.jp,
        s.kind.as_str(),
        s.takes_attendance as i64,
        s.notes,
        s.created_at,
        s.updated_at
    ])?;
    Ok(())
}

pub fn update_session(conn: &Connection, s: &Session) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE session SET date = ?2, start_time = ?3, end_time = ?4, title = ?5, room = ?6, \
         room_key = ?7, jp = ?8, kind = ?9, takes_attendance = ?10, notes = ?11, updated_at = ?12 \
         WHERE id = ?1",
    )?
    .execute(params![
        s.id,
        s.date,
        s.start_time,
        s.end_time,
        s.title,
        s.room,
        s.room.as_deref().map(room_key),
        s.jp,
        s.kind.as_str(),
        s.takes_attendance as i64,
        s.notes,
        s.updated_at
    ])?;
    Ok(())
}

pub fn delete_session(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM session WHERE id = ?1")?
        .execute([id])?
        > 0)
}

pub fn assign(
    conn: &Connection,
    session_id: &str,
    registration_id: &str,
    role: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO session_staff (session_id, registration_id, role, created_at) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
    )?
    .execute(params![session_id, registration_id, role, now])?;
    Ok(())
}

pub fn unassign(
    conn: &Connection,
    session_id: &str,
    registration_id: &str,
    role: &str,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM session_staff WHERE session_id = ?1 AND registration_id = ?2 AND role = ?3",
        )?
        .execute(params![session_id, registration_id, role])?
        > 0)
}

/// The sessions a registration is assigned to.
pub fn sessions_of(
    conn: &Connection,
    registration_id: &str,
) -> rusqlite::Result<Vec<SpeakerSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.title, s.date, s.start_time, s.end_time, ss.role FROM session_staff ss \
         JOIN session s ON s.id = ss.session_id WHERE ss.registration_id = ?1 \
         ORDER BY s.date, s.start_time",
    )?;
    let rows = stmt.query_map([registration_id], |r| {
        Ok(SpeakerSession {
            session_id: r.get(0)?,
            title: r.get(1)?,
            date: r.get(2)?,
            start_time: r.get(3)?,
            end_time: r.get(4)?,
            role: crate::model::SessionRole::stored(&r.get::<_, String>(5)?),
        })
    })?;
    rows.collect()
}

/// Sum of JP over the event's material sessions.
pub fn material_jp(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT coalesce(sum(jp), 0) FROM session WHERE event_id = ?1 AND kind = 'material'",
    )?
    .query_row([event_id], |r| r.get(0))
}

pub fn list_signatories(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<Signatory>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ord, name, nip, rank, position FROM signatory WHERE event_id = ?1 ORDER BY ord",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok(Signatory {
            ord: r.get(0)?,
            name: r.get(1)?,
            nip: r.get(2)?,
            rank: r.get(3)?,
            position: r.get(4)?,
        })
    })?;
    rows.collect()
}

pub fn replace_signatories(
    conn: &Connection,
    event_id: &str,
    list: &[Signatory],
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM signatory WHERE event_id = ?1")?
        .execute([event_id])?;
    for s in list {
        conn.prepare_cached(
            "INSERT INTO signatory (id, event_id, ord, name, nip, rank, position, created_at, \
             updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?
        .execute(params![
            super::new_id(),
            event_id,
            s.ord,
            s.name,
            s.nip,
            s.rank,
            s.position,
            now
        ])?;
    }
    Ok(())
}
