//! Queries of the `audit_log` table: who changed what, kept for the organizer and auditors.

use rusqlite::{params, Connection};

use super::{new_id, now};

pub fn insert_audit(
    conn: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        new_id(),
        now(),
        actor,
        action,
        entity,
        entity_id,
        detail
    ])?;
    Ok(())
}

/// How many audit entries an entity has (used by tests and the future audit screen).
pub fn count_audit(conn: &Connection, entity: &str, entity_id: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM audit_log WHERE entity = ?1 AND entity_id = ?2",
        [entity, entity_id],
        |r| r.get(0),
    )
}
