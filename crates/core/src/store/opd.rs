//! Queries of `opd`, `opd_alias` and `opd_quota`.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Opd, QuotaRow};

/// The matching key of an OPD name or alias: case, repeated and surrounding spaces ignored.
pub fn opd_key(name: &str) -> String {
    crate::validate::one_line(name).to_lowercase()
}

fn aliases_of(conn: &Connection, opd_id: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT alias FROM opd_alias WHERE opd_id = ?1 ORDER BY alias")?;
    let rows = stmt.query_map([opd_id], |r| r.get(0))?;
    rows.collect()
}

pub fn get_opd(conn: &Connection, id: &str) -> rusqlite::Result<Option<Opd>> {
    let row = conn
        .prepare_cached(
            "SELECT o.id, o.name, o.short_name, o.created_at, o.updated_at, \
             (SELECT count(*) FROM person p WHERE p.opd_id = o.id) \
             FROM opd o WHERE o.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Opd {
                id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                aliases: Vec::new(),
                people: r.get(5)?,
                created_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })
        .optional()?;
    match row {
        Some(mut o) => {
            o.aliases = aliases_of(conn, &o.id)?;
            Ok(Some(o))
        }
        None => Ok(None),
    }
}

pub fn list_opds(conn: &Connection) -> rusqlite::Result<Vec<Opd>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, o.short_name, o.created_at, o.updated_at, \
         (SELECT count(*) FROM person p WHERE p.opd_id = o.id) \
         FROM opd o ORDER BY o.name_key",
    )?;
    let mut out: Vec<Opd> = stmt
        .query_map([], |r| {
            Ok(Opd {
                id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                aliases: Vec::new(),
                people: r.get(5)?,
                created_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached("SELECT opd_id, alias FROM opd_alias ORDER BY alias")?;
    let aliases = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut map: std::collections::HashMap<String, Vec<String>> = Default::default();
    for a in aliases {
        let (id, alias) = a?;
        map.entry(id).or_default().push(alias);
    }
    for o in &mut out {
        o.aliases = map.remove(&o.id).unwrap_or_default();
    }
    Ok(out)
}

/// The OPD whose name, short name or alias has this key.
pub fn find_opd_by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT id FROM opd WHERE name_key = ?1 \
         UNION ALL SELECT opd_id FROM opd_alias WHERE alias_key = ?1 LIMIT 1",
    )?
    .query_row([key], |r| r.get(0))
    .optional()
}

pub fn insert_opd(
    conn: &Connection,
    id: &str,
    name: &str,
    short_name: Option<&str>,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO opd (id, name, short_name, name_key, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![id, name, short_name, opd_key(name), now])?;
    Ok(())
}

pub fn update_opd(
    conn: &Connection,
    id: &str,
    name: &str,
    short_name: Option<&str>,
    now: &str,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE opd SET name = ?2, short_name = ?3, name_key = ?4, updated_at = ?5 WHERE id = ?1",
        )?
        .execute(params![id, name, short_name, opd_key(name), now])?;
    Ok(n > 0)
}

/// Adds an alias unless its key is already taken (by any OPD); returns whether added.
pub fn insert_alias(
    conn: &Connection,
    opd_id: &str,
    alias: &str,
    now: &str,
) -> rusqlite::Result<bool> {
    let key = opd_key(alias);
    if find_opd_by_key(conn, &key)?.is_some() {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO opd_alias (id, opd_id, alias, alias_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![super::new_id(), opd_id, alias, key, now])?;
    Ok(true)
}

/// Moves people, aliases and quotas of `from` to `into`, keeps `from`'s name as an alias of
/// `into`, and deletes `from`.
pub fn merge_opd(conn: &Connection, from: &Opd, into: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE person SET opd_id = ?2, updated_at = ?3 WHERE opd_id = ?1",
        params![from.id, into, now],
    )?;
    conn.execute(
        "UPDATE opd_alias SET opd_id = ?2 WHERE opd_id = ?1",
        params![from.id, into],
    )?;
    // Quotas: where both have one for an event, they add up.
    conn.execute(
        "INSERT INTO opd_quota (event_id, opd_id, quota, updated_at) \
         SELECT event_id, ?2, quota, ?3 FROM opd_quota WHERE opd_id = ?1 AND true \
         ON CONFLICT (event_id, opd_id) DO UPDATE SET quota = quota + excluded.quota, \
         updated_at = excluded.updated_at",
        params![from.id, into, now],
    )?;
    conn.execute("DELETE FROM opd_quota WHERE opd_id = ?1", [&from.id])?;
    conn.execute("DELETE FROM opd WHERE id = ?1", [&from.id])?;
    insert_alias(conn, into, &from.name, now)?;
    if let Some(short) = &from.short_name {
        insert_alias(conn, into, short, now)?;
    }
    Ok(())
}

pub fn set_quota(
    conn: &Connection,
    event_id: &str,
    opd_id: &str,
    quota: Option<i64>,
    now: &str,
) -> rusqlite::Result<()> {
    match quota {
        Some(q) => conn
            .prepare_cached(
                "INSERT INTO opd_quota (event_id, opd_id, quota, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (event_id, opd_id) DO UPDATE SET quota = excluded.quota, \
                 updated_at = excluded.updated_at",
            )?
            .execute(params![event_id, opd_id, q, now])?,
        None => conn
            .prepare_cached("DELETE FROM opd_quota WHERE event_id = ?1 AND opd_id = ?2")?
            .execute(params![event_id, opd_id])?,
    };
    Ok(())
}

/// Registered participants vs quota per OPD for an event: every OPD with a quota or with
/// at least one registered participant.
pub fn quota_rows(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<QuotaRow>> {
    let mut stmt = conn.prepare_cached(
        "WITH reg AS ( \
           SELECT p.opd_id AS opd_id, count(*) AS n FROM registration r \
           JOIN person p ON p.id = r.person_id \
           WHERE r.event_id = ?1 AND r.status = 'registered' AND r.role = 'participant' \
           GROUP BY p.opd_id) \
         SELECT o.id, o.name, o.short_name, q.quota, coalesce(reg.n, 0) \
         FROM opd o \
         LEFT JOIN opd_quota q ON q.opd_id = o.id AND q.event_id = ?1 \
         LEFT JOIN reg ON reg.opd_id = o.id \
         WHERE q.quota IS NOT NULL OR reg.n IS NOT NULL \
         ORDER BY o.name_key",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let quota: Option<i64> = r.get(3)?;
        let registered: i64 = r.get(4)?;
        Ok(QuotaRow {
            opd_id: r.get(0)?,
            opd: r.get(1)?,
            short_name: r.get(2)?,
            quota,
            registered,
            over: quota.is_some_and(|q| registered > q),
        })
    })?;
    rows.collect()
}

pub fn get_quota(conn: &Connection, event_id: &str, opd_id: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT quota FROM opd_quota WHERE event_id = ?1 AND opd_id = ?2")?
        .query_row([event_id, opd_id], |r| r.get(0))
        .optional()
}
