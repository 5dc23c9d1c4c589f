//! The demo's marker (in `settings`) and removing the demo event with everything of it.

use rusqlite::{params, Connection, OptionalExtension};

const MARKER_KEY: &str = "demo";

/// The demo marker's JSON, if the demo was opened.
pub fn get_marker(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row(params![MARKER_KEY], |r| r.get(0))
        .optional()
}

pub fn put_marker(conn: &Connection, json: &str, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3",
    )?
    .execute(params![MARKER_KEY, json, now])?;
    Ok(())
}

pub fn delete_marker(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = ?1")?
        .execute(params![MARKER_KEY])?;
    Ok(())
}

/// What removing an event deleted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Removed {
    pub registrations: usize,
    pub people: usize,
}

/// Deletes the event and everything that belongs to it alone: its agenda, attendance,
/// scans, certificates and settings, its registrations, and the people registered in no
/// other event. OPDs, templates, desks and the audit log stay.
pub fn delete_event(conn: &Connection, event_id: &str) -> rusqlite::Result<Removed> {
    let people: Vec<String> = {
        let mut stmt = conn.prepare("SELECT person_id FROM registration WHERE event_id = ?1")?;
        let rows = stmt.query_map(params![event_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let statements = [
        "DELETE FROM scan_log WHERE event_id = ?1",
        "DELETE FROM attendance WHERE session_id IN (SELECT id FROM session WHERE event_id = ?1) \
         OR registration_id IN (SELECT id FROM registration WHERE event_id = ?1)",
        "DELETE FROM session_staff WHERE session_id IN (SELECT id FROM session WHERE event_id = ?1)",
        "DELETE FROM session_minutes WHERE session_id IN (SELECT id FROM session WHERE event_id = ?1)",
        "DELETE FROM session WHERE event_id = ?1",
        "DELETE FROM signatory WHERE event_id = ?1",
        "DELETE FROM opd_quota WHERE event_id = ?1",
        "DELETE FROM certificate_override WHERE registration_id IN \
         (SELECT id FROM registration WHERE event_id = ?1)",
        "DELETE FROM certificate WHERE event_id = ?1",
        "DELETE FROM certificate_settings WHERE event_id = ?1",
        "DELETE FROM letter_settings WHERE event_id = ?1",
        "DELETE FROM letter WHERE event_id = ?1",
        "DELETE FROM report WHERE event_id = ?1",
        "DELETE FROM report_photo WHERE event_id = ?1",
        "DELETE FROM finance_print WHERE event_id = ?1",
        "DELETE FROM finance_settings WHERE event_id = ?1",
        "DELETE FROM registration_finance WHERE registration_id IN \
         (SELECT id FROM registration WHERE event_id = ?1)",
        "DELETE FROM participant_session WHERE registration_id IN \
         (SELECT id FROM registration WHERE event_id = ?1)",
        "DELETE FROM portal WHERE event_id = ?1",
        "DELETE FROM form_respondent WHERE form_id IN (SELECT id FROM form WHERE event_id = ?1)",
        "DELETE FROM form_answer WHERE response_id IN (SELECT r.id FROM form_response r \
         JOIN form f ON f.id = r.form_id WHERE f.event_id = ?1)",
        "DELETE FROM form_response WHERE form_id IN (SELECT id FROM form WHERE event_id = ?1)",
        "DELETE FROM form_question WHERE form_id IN (SELECT id FROM form WHERE event_id = ?1)",
        "UPDATE form SET bank_form_id = NULL WHERE event_id = ?1",
        "DELETE FROM form WHERE event_id = ?1",
        "DELETE FROM material_download WHERE material_id IN \
         (SELECT id FROM material WHERE event_id = ?1)",
        "DELETE FROM material WHERE event_id = ?1",
        "UPDATE registration SET replaces_id = NULL, replaced_by_id = NULL WHERE event_id = ?1",
    ];
    for sql in statements {
        conn.execute(sql, params![event_id])?;
    }
    let registrations = conn.execute(
        "DELETE FROM registration WHERE event_id = ?1",
        params![event_id],
    )?;
    conn.execute("DELETE FROM event WHERE id = ?1", params![event_id])?;
    let mut orphan_finance = conn.prepare_cached(
        "DELETE FROM person_finance WHERE person_id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM registration WHERE person_id = ?1)",
    )?;
    let mut orphan = conn.prepare_cached(
        "DELETE FROM person WHERE id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM registration WHERE person_id = ?1)",
    )?;
    let mut removed = 0;
    for id in &people {
        orphan_finance.execute(params![id])?;
        removed += orphan.execute(params![id])?;
    }
    Ok(Removed {
        registrations,
        people: removed,
    })
}

/// Deletes those of `ids` that no person and no quota uses any more; how many.
pub fn delete_unused_opds(conn: &Connection, ids: &[String]) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(
        "DELETE FROM opd WHERE id = ?1 \
         AND NOT EXISTS (SELECT 1 FROM person WHERE opd_id = ?1) \
         AND NOT EXISTS (SELECT 1 FROM opd_quota WHERE opd_id = ?1)",
    )?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(params![id])?;
    }
    Ok(n)
}

/// Every OPD's id.
pub fn opd_ids(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM opd")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

pub fn delete_profile(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM agency_profile", [])?;
    Ok(())
}

/// Deletes the rates of `year` still as the demo put them (shipped examples, unchanged);
/// how many.
pub fn delete_example_rates(conn: &Connection, year: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM finance_rate WHERE year = ?1 AND example = 1",
        params![year],
    )
}
