//! Queries of `desk`: registration desks paired with the host in LAN mode (only a hash
//! of each desk's token is stored), with their check-in and scan counts.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// A paired desk as the organizer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Desk {
    pub id: String,
    pub name: String,
    pub paired_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Check-ins this desk made that stand (not undone).
    pub checkins: i64,
    /// Every scan or search Enter of this desk, refused ones included.
    pub scans: i64,
}

const COLUMNS: &str = "d.id, d.name, d.paired_at, d.last_seen_at, d.revoked_at, \
    (SELECT count(*) FROM attendance a WHERE a.desk = d.name AND a.undone_at IS NULL), \
    (SELECT count(*) FROM scan_log s WHERE s.desk = d.name)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Desk> {
    Ok(Desk {
        id: r.get(0)?,
        name: r.get(1)?,
        paired_at: r.get(2)?,
        last_seen_at: r.get(3)?,
        revoked_at: r.get(4)?,
        checkins: r.get(5)?,
        scans: r.get(6)?,
    })
}

/// The desk with this id, with its counts.
pub fn get_desk(conn: &Connection, id: &str) -> rusqlite::Result<Option<Desk>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM desk d WHERE d.id = ?1"))?
        .query_row(params![id], from_row)
        .optional()
}

/// Every paired desk with its counts, standing ones first, newest first.
pub fn list_desks(conn: &Connection) -> rusqlite::Result<Vec<Desk>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM desk d ORDER BY d.revoked_at IS NOT NULL, d.paired_at DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

/// Whether a desk that is not revoked already has this name (case-insensitive).
pub fn name_taken(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM desk WHERE lower(name) = lower(?1) AND revoked_at IS NULL)",
    )?
    .query_row(params![name], |r| r.get(0))
}

/// Inserts a newly paired desk, seen at the moment it paired.
pub fn insert_desk(
    conn: &Connection,
    id: &str,
    name: &str,
    token_hash: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO desk (id, name, token_hash, paired_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![id, name, token_hash, now])?;
    Ok(())
}

/// The (id, name, last seen) of the standing desk whose token has this SHA-256.
pub fn desk_by_token_hash(
    conn: &Connection,
    token_hash: &str,
) -> rusqlite::Result<Option<(String, String, Option<String>)>> {
    conn.prepare_cached(
        "SELECT id, name, last_seen_at FROM desk WHERE token_hash = ?1 AND revoked_at IS NULL",
    )?
    .query_row(params![token_hash], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .optional()
}

/// Records that the desk was seen at `now`.
pub fn touch_desk(conn: &Connection, id: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE desk SET last_seen_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

/// Marks the desk revoked at `now`: its token is refused from then on.
pub fn revoke_desk(conn: &Connection, id: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE desk SET revoked_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}
