//! Queries of `certificate_template`, and what printing reads of `certificate`.

use rusqlite::{params, Connection, OptionalExtension};

use super::certificates::{cert_from, CertificateRow, CERT_COLUMNS};

/// A stored template as the list shows it (the body, with its background, stays out).
pub(crate) struct TemplateRow {
    pub id: String,
    pub name: String,
    pub has_background: bool,
    pub updated_at: String,
}

/// Every stored template, by name.
pub(crate) fn list_templates(conn: &Connection) -> rusqlite::Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, json_extract(body, '$.background') IS NOT NULL, updated_at \
         FROM certificate_template ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TemplateRow {
            id: r.get(0)?,
            name: r.get(1)?,
            has_background: r.get(2)?,
            updated_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// A template's JSON body, if there is one with this id.
pub(crate) fn template_body(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT body FROM certificate_template WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()
}

/// Inserts or replaces a template.
pub(crate) fn upsert_template(
    conn: &Connection,
    id: &str,
    name: &str,
    body: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO certificate_template (id, name, body, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
         body = excluded.body, updated_at = excluded.updated_at",
    )?
    .execute(params![id, name, body, now])?;
    Ok(())
}

/// Deletes a template; true when there was one.
pub(crate) fn delete_template(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM certificate_template WHERE id = ?1")?
        .execute(params![id])?
        > 0)
}

/// `(event_id, role_templates JSON)` of the events whose role → template map may name
/// `template_id` (a text match: the caller parses and checks).
pub(crate) fn role_templates_naming(
    conn: &Connection,
    template_id: &str,
) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, role_templates FROM certificate_settings WHERE role_templates LIKE ?1",
    )?;
    let rows = stmt.query_map(params![format!("%{template_id}%")], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// Replaces an event's role → template map (JSON).
pub(crate) fn set_role_templates(
    conn: &Connection,
    event_id: &str,
    json: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE certificate_settings SET role_templates = ?2 WHERE event_id = ?1")?
        .execute(params![event_id, json])?;
    Ok(())
}

/// The event's standing (issued) certificates, in sequence order: what printing prints.
pub(crate) fn standing_certificates(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<Vec<CertificateRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CERT_COLUMNS} FROM certificate c WHERE c.event_id = ?1 AND c.status = 'issued' \
         ORDER BY c.seq_scope, c.seq"
    ))?;
    let rows = stmt.query_map(params![event_id], cert_from)?;
    rows.collect()
}
