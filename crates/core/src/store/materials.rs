//! Queries of `material` (the files a narasumber hands over, per session) and
//! `material_download` (who downloaded which, how often). Lists never read the bytes.

use rusqlite::{params, Connection, OptionalExtension};

/// A material without its bytes.
#[derive(Debug, Clone)]
pub struct MaterialRow {
    pub id: String,
    pub event_id: String,
    pub session_id: String,
    pub title: String,
    pub file_name: String,
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: String,
    /// Participants who downloaded it at least once.
    pub downloaded_by: i64,
    /// Downloads in all.
    pub downloads: i64,
}

const ROW: &str = "SELECT m.id, m.event_id, m.session_id, m.title, m.file_name, m.kind, m.size, \
     m.sha256, m.created_at, \
     (SELECT count(*) FROM material_download d WHERE d.material_id = m.id), \
     (SELECT coalesce(sum(d.times), 0) FROM material_download d WHERE d.material_id = m.id) \
     FROM material m JOIN session s ON s.id = m.session_id";

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<MaterialRow> {
    Ok(MaterialRow {
        id: r.get(0)?,
        event_id: r.get(1)?,
        session_id: r.get(2)?,
        title: r.get(3)?,
        file_name: r.get(4)?,
        kind: r.get(5)?,
        size: r.get(6)?,
        sha256: r.get(7)?,
        created_at: r.get(8)?,
        downloaded_by: r.get(9)?,
        downloads: r.get(10)?,
    })
}

/// The event's materials in agenda order, then as they were added.
pub fn list(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<MaterialRow>> {
    conn.prepare_cached(&format!(
        "{ROW} WHERE m.event_id = ?1 \
         ORDER BY s.date, s.start_time, s.id, m.created_at, m.id"
    ))?
    .query_map(params![event_id], row_from)?
    .collect()
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<MaterialRow>> {
    conn.prepare_cached(&format!("{ROW} WHERE m.id = ?1"))?
        .query_row(params![id], row_from)
        .optional()
}

/// The material's bytes.
pub fn data(conn: &Connection, id: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT data FROM material WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()
}

/// The materials of the event and their bytes in all.
pub fn totals(conn: &Connection, event_id: &str) -> rusqlite::Result<(i64, i64)> {
    conn.prepare_cached(
        "SELECT count(*), coalesce(sum(size), 0) FROM material WHERE event_id = ?1",
    )?
    .query_row(params![event_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// A material of the session with these bytes already, if one was uploaded before.
pub fn same_file(
    conn: &Connection,
    session_id: &str,
    sha256: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT title FROM material WHERE session_id = ?1 AND sha256 = ?2")?
        .query_row(params![session_id, sha256], |r| r.get(0))
        .optional()
}

pub struct NewMaterial<'a> {
    pub id: &'a str,
    pub event_id: &'a str,
    pub session_id: &'a str,
    pub title: &'a str,
    pub file_name: &'a str,
    pub kind: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub now: &'a str,
}

pub fn insert(conn: &Connection, m: &NewMaterial<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO material (id, event_id, session_id, title, file_name, kind, size, sha256, \
         data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        m.id,
        m.event_id,
        m.session_id,
        m.title,
        m.file_name,
        m.kind,
        m.data.len() as i64,
        m.sha256,
        m.data,
        m.now
    ])?;
    Ok(())
}

pub fn set_title(conn: &Connection, id: &str, title: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE material SET title = ?2 WHERE id = ?1")?
        .execute(params![id, title])
}

pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM material_download WHERE material_id = ?1")?
        .execute(params![id])?;
    conn.prepare_cached("DELETE FROM material WHERE id = ?1")?
        .execute(params![id])
}

/// Counts one download by a participant.
pub fn note_download(
    conn: &Connection,
    material_id: &str,
    registration_id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO material_download (material_id, registration_id, first_at, last_at) \
         VALUES (?1, ?2, ?3, ?3) ON CONFLICT (material_id, registration_id) \
         DO UPDATE SET last_at = excluded.last_at, times = times + 1",
    )?
    .execute(params![material_id, registration_id, now])?;
    Ok(())
}

/// The ids of the materials this registration downloaded.
pub fn downloaded_by(conn: &Connection, registration_id: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT material_id FROM material_download WHERE registration_id = ?1")?
        .query_map(params![registration_id], |r| r.get(0))?
        .collect()
}

/// Standing registrations of the event: who may download.
pub fn standing_registrations(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(*) FROM registration WHERE event_id = ?1 AND status = 'registered'",
    )?
    .query_row(params![event_id], |r| r.get(0))
}
