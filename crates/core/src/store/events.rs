//! Queries of the `event` table.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::model::Event;

const COLUMNS: &str = "id, title, theme, organizer, venue, city, start_date, end_date, \
                       legal_basis, total_jp, notes, archived_at, created_at, updated_at";
/// What a SELECT reads: the columns plus the JP of the event's material sessions.
const SELECT: &str = "id, title, theme, organizer, venue, city, start_date, end_date, \
                      legal_basis, total_jp, notes, archived_at, created_at, updated_at, \
                      (SELECT coalesce(sum(s.jp), 0) FROM session s \
                       WHERE s.event_id = event.id AND s.kind = 'material')";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    let archived_at: Option<String> = r.get(11)?;
    Ok(Event {
        id: r.get(0)?,
        title: r.get(1)?,
        theme: r.get(2)?,
        organizer: r.get(3)?,
        venue: r.get(4)?,
        city: r.get(5)?,
        start_date: r.get(6)?,
        end_date: r.get(7)?,
        legal_basis: r.get(8)?,
        total_jp: r.get(9)?,
        notes: r.get(10)?,
        archived: archived_at.is_some(),
        archived_at,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        sessions_jp: r.get(14)?,
    })
}

pub fn get_event(conn: &Connection, id: &str) -> rusqlite::Result<Option<Event>> {
    conn.prepare_cached(&format!("SELECT {SELECT} FROM event WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Events, newest start date first; archived ones only when asked.
pub fn list_events(conn: &Connection, include_archived: bool) -> rusqlite::Result<Vec<Event>> {
    let sql = format!(
        "SELECT {SELECT} FROM event WHERE (?1 OR archived_at IS NULL) \
         ORDER BY start_date DESC, created_at DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([include_archived], from_row)?;
    rows.collect()
}

/// The first event with this exact title and start date, if any.
pub fn find_event_by_title_and_start(
    conn: &Connection,
    title: &str,
    start_date: &str,
) -> rusqlite::Result<Option<Event>> {
    conn.prepare_cached(&format!(
        "SELECT {SELECT} FROM event WHERE title = ?1 AND start_date = ?2 \
         ORDER BY created_at LIMIT 1"
    ))?
    .query_row([title, start_date], from_row)
    .optional()
}

pub fn insert_event(conn: &Connection, e: &Event) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO event ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?
    .execute(params![
        e.id,
        e.title,
        e.theme,
        e.organizer,
        e.venue,
        e.city,
        e.start_date,
        e.end_date,
        e.legal_basis,
        e.total_jp,
        e.notes,
        e.archived_at,
        e.created_at,
        e.updated_at
    ])?;
    Ok(())
}

/// Writes every editable field of `e` (not `created_at`); returns whether a row changed.
pub fn update_event(conn: &Connection, e: &Event) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE event SET title = ?2, theme = ?3, organizer = ?4, venue = ?5, city = ?6, \
             start_date = ?7, end_date = ?8, legal_basis = ?9, total_jp = ?10, notes = ?11, \
             archived_at = ?12, updated_at = ?13 WHERE id = ?1",
        )?
        .execute(params![
            e.id,
            e.title,
            e.theme,
            e.organizer,
            e.venue,
            e.city,
            e.start_date,
            e.end_date,
            e.legal_basis,
            e.total_jp,
            e.notes,
            e.archived_at,
            e.updated_at
        ])?;
    Ok(n > 0)
}
