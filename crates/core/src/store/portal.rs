//! Queries of `portal` (whether an event's participants may sign in on their phones) and
//! `participant_session` (who is signed in; only a hash of each token is stored).

use rusqlite::{params, Connection, OptionalExtension};

/// Whether the participants' page of the event is open.
pub fn is_open(conn: &Connection, event_id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT open FROM portal WHERE event_id = ?1")?
        .query_row(params![event_id], |r| r.get::<_, i64>(0))
        .optional()?
        == Some(1))
}

/// Opens or closes the participants' page of the event.
pub fn set_open(conn: &Connection, event_id: &str, open: bool, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO portal (event_id, open, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (event_id) DO UPDATE SET open = excluded.open, updated_at = excluded.updated_at",
    )?
    .execute(params![event_id, open as i64, now])?;
    Ok(())
}

/// A registration as signing in sees it: by its check-in code, or by a session token.
#[derive(Debug, Clone)]
pub struct SignIn {
    pub registration_id: String,
    pub event_id: String,
    pub name: String,
    /// `registered`, `cancelled` or `replaced`.
    pub status: String,
    /// The event's participants' page is open.
    pub open: bool,
    /// The event is archived.
    pub archived: bool,
    /// The session's `last_seen_at` (by token only).
    pub last_seen_at: Option<String>,
}

const SIGN_IN: &str = "SELECT r.id, r.event_id, p.name, r.status, \
     coalesce((SELECT o.open FROM portal o WHERE o.event_id = r.event_id), 0), \
     e.archived_at IS NOT NULL";

fn sign_in_from(r: &rusqlite::Row<'_>, seen: Option<String>) -> rusqlite::Result<SignIn> {
    Ok(SignIn {
        registration_id: r.get(0)?,
        event_id: r.get(1)?,
        name: r.get(2)?,
        status: r.get(3)?,
        open: r.get::<_, i64>(4)? == 1,
        archived: r.get(5)?,
        last_seen_at: seen,
    })
}

/// The registration whose check-in code this is.
pub fn by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<SignIn>> {
    conn.prepare_cached(&format!(
        "{SIGN_IN} FROM registration r JOIN person p ON p.id = r.person_id \
         JOIN event e ON e.id = r.event_id WHERE r.code = ?1"
    ))?
    .query_row(params![code], |r| sign_in_from(r, None))
    .optional()
}

/// The registration signed in with the token of this hash.
pub fn by_token_hash(conn: &Connection, hash: &str) -> rusqlite::Result<Option<SignIn>> {
    conn.prepare_cached(&format!(
        "{SIGN_IN}, s.last_seen_at FROM participant_session s \
         JOIN registration r ON r.id = s.registration_id JOIN person p ON p.id = r.person_id \
         JOIN event e ON e.id = r.event_id WHERE s.token_hash = ?1"
    ))?
    .query_row(params![hash], |r| {
        let seen = r.get(6)?;
        sign_in_from(r, seen)
    })
    .optional()
}

pub fn insert_session(
    conn: &Connection,
    hash: &str,
    registration_id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO participant_session (token_hash, registration_id, created_at, last_seen_at) \
         VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![hash, registration_id, now])?;
    Ok(())
}

pub fn touch_session(conn: &Connection, hash: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE participant_session SET last_seen_at = ?2 WHERE token_hash = ?1")?
        .execute(params![hash, now])?;
    Ok(())
}

/// How many of the event's standing registrations have signed in on a phone at least once.
pub fn signed_in_count(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT count(DISTINCT s.registration_id) FROM participant_session s \
         JOIN registration r ON r.id = s.registration_id \
         WHERE r.event_id = ?1 AND r.status = 'registered'",
    )?
    .query_row(params![event_id], |r| r.get(0))
}
