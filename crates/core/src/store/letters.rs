//! Letters: the settings of each kind of letter of an event (`letter_settings`) and the
//! numbers given (`letter`).

use rusqlite::{params, Connection, OptionalExtension};

/// One kind of letter's settings as stored; `None` is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredSettings {
    pub number_pattern: Option<String>,
    pub org_code: Option<String>,
    pub place: Option<String>,
    pub letter_date: Option<String>,
    pub sifat: Option<String>,
    pub perihal: Option<String>,
    pub attachment: Option<String>,
    pub dress_code: Option<String>,
    pub time_zone: Option<String>,
    pub body: Option<String>,
    pub signatory_ord: Option<i64>,
    pub next_seq: Option<i64>,
}

pub fn get_settings(
    conn: &Connection,
    event_id: &str,
    kind: &str,
) -> rusqlite::Result<StoredSettings> {
    Ok(conn
        .prepare_cached(
            "SELECT number_pattern, org_code, place, letter_date, sifat, perihal, attachment, \
             dress_code, time_zone, body, signatory_ord, next_seq \
             FROM letter_settings WHERE event_id = ?1 AND kind = ?2",
        )?
        .query_row(params![event_id, kind], |r| {
            Ok(StoredSettings {
                number_pattern: r.get(0)?,
                org_code: r.get(1)?,
                place: r.get(2)?,
                letter_date: r.get(3)?,
                sifat: r.get(4)?,
                perihal: r.get(5)?,
                attachment: r.get(6)?,
                dress_code: r.get(7)?,
                time_zone: r.get(8)?,
                body: r.get(9)?,
                signatory_ord: r.get(10)?,
                next_seq: r.get(11)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn put_settings(
    conn: &Connection,
    event_id: &str,
    kind: &str,
    s: &StoredSettings,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO letter_settings (event_id, kind, number_pattern, org_code, place, \
           letter_date, sifat, perihal, attachment, dress_code, time_zone, body, signatory_ord, \
           next_seq, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
         ON CONFLICT (event_id, kind) DO UPDATE SET number_pattern = ?3, org_code = ?4, \
           place = ?5, letter_date = ?6, sifat = ?7, perihal = ?8, attachment = ?9, \
           dress_code = ?10, time_zone = ?11, body = ?12, signatory_ord = ?13, next_seq = ?14, \
           updated_at = ?15",
    )?
    .execute(params![
        event_id,
        kind,
        s.number_pattern,
        s.org_code,
        s.place,
        s.letter_date,
        s.sifat,
        s.perihal,
        s.attachment,
        s.dress_code,
        s.time_zone,
        s.body,
        s.signatory_ord,
        s.next_seq,
        now
    ])?;
    Ok(())
}

/// A number given to a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedRow {
    pub addressee_key: String,
    pub addressee: String,
    pub number: String,
    pub letter_date: String,
    pub issued_at: String,
}

pub fn issued(conn: &Connection, event_id: &str, kind: &str) -> rusqlite::Result<Vec<IssuedRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT addressee_key, addressee, number, letter_date, issued_at FROM letter \
         WHERE event_id = ?1 AND kind = ?2 ORDER BY seq_scope, seq",
    )?;
    let rows = stmt.query_map(params![event_id, kind], |r| {
        Ok(IssuedRow {
            addressee_key: r.get(0)?,
            addressee: r.get(1)?,
            number: r.get(2)?,
            letter_date: r.get(3)?,
            issued_at: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The highest number given in `scope`, 0 when none.
pub fn max_seq(conn: &Connection, scope: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(seq), 0) FROM letter WHERE seq_scope = ?1")?
        .query_row(params![scope], |r| r.get(0))
}

/// Whether `number` was already given to any letter.
pub fn number_taken(conn: &Connection, number: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT count(*) > 0 FROM letter WHERE number = ?1")?
        .query_row(params![number], |r| r.get(0))
}

#[allow(clippy::too_many_arguments)]
pub fn insert_letter(
    conn: &Connection,
    event_id: &str,
    kind: &str,
    addressee_key: &str,
    addressee: &str,
    scope: &str,
    seq: i64,
    number: &str,
    letter_date: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO letter (id, event_id, kind, addressee_key, addressee, seq_scope, seq, \
         number, letter_date, issued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        super::new_id(),
        event_id,
        kind,
        addressee_key,
        addressee,
        scope,
        seq,
        number,
        letter_date,
        now
    ])?;
    Ok(())
}
