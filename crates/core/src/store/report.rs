//! The report (`report`, one row per event), its photos (`report_photo`) and the minutes
//! of sessions (`session_minutes`).

use rusqlite::{params, Connection, OptionalExtension};

/// The report's stored row; `None` texts are the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredReport {
    pub latar_belakang: Option<String>,
    pub maksud_tujuan: Option<String>,
    pub ruang_lingkup: Option<String>,
    pub hambatan: Option<String>,
    pub kesimpulan: Option<String>,
    pub saran: Option<String>,
    pub penutup: Option<String>,
    pub place: Option<String>,
    pub report_date: Option<String>,
    pub signatory_ord: Option<i64>,
    pub attach_agenda: bool,
    pub attach_recap: bool,
    pub attach_attendance: bool,
    pub updated_at: Option<String>,
}

impl StoredReport {
    /// A report nobody has typed yet.
    pub fn new() -> Self {
        StoredReport {
            attach_agenda: true,
            attach_recap: true,
            ..Default::default()
        }
    }
}

pub fn get_report(conn: &Connection, event_id: &str) -> rusqlite::Result<StoredReport> {
    Ok(conn
        .prepare_cached(
            "SELECT latar_belakang, maksud_tujuan, ruang_lingkup, hambatan, kesimpulan, saran, \
             penutup, place, report_date, signatory_ord, attach_agenda, attach_recap, \
             attach_attendance, updated_at FROM report WHERE event_id = ?1",
        )?
        .query_row(params![event_id], |r| {
            Ok(StoredReport {
                latar_belakang: r.get(0)?,
                maksud_tujuan: r.get(1)?,
                ruang_lingkup: r.get(2)?,
                hambatan: r.get(3)?,
                kesimpulan: r.get(4)?,
                saran: r.get(5)?,
                penutup: r.get(6)?,
                place: r.get(7)?,
                report_date: r.get(8)?,
                signatory_ord: r.get(9)?,
                attach_agenda: r.get(10)?,
                attach_recap: r.get(11)?,
                attach_attendance: r.get(12)?,
                updated_at: r.get(13)?,
            })
        })
        .optional()?
        .unwrap_or_else(StoredReport::new))
}

pub fn put_report(
    conn: &Connection,
    event_id: &str,
    r: &StoredReport,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO report (event_id, latar_belakang, maksud_tujuan, ruang_lingkup, hambatan, \
           kesimpulan, saran, penutup, place, report_date, signatory_ord, attach_agenda, \
           attach_recap, attach_attendance, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
         ON CONFLICT (event_id) DO UPDATE SET latar_belakang = ?2, maksud_tujuan = ?3, \
           ruang_lingkup = ?4, hambatan = ?5, kesimpulan = ?6, saran = ?7, penutup = ?8, \
           place = ?9, report_date = ?10, signatory_ord = ?11, attach_agenda = ?12, \
           attach_recap = ?13, attach_attendance = ?14, updated_at = ?15",
    )?
    .execute(params![
        event_id,
        r.latar_belakang,
        r.maksud_tujuan,
        r.ruang_lingkup,
        r.hambatan,
        r.kesimpulan,
        r.saran,
        r.penutup,
        r.place,
        r.report_date,
        r.signatory_ord,
        r.attach_agenda,
        r.attach_recap,
        r.attach_attendance,
        now
    ])?;
    Ok(())
}

/// A photo's row without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRow {
    pub id: String,
    pub event_id: String,
    pub ord: i64,
    pub caption: String,
    pub width: i64,
    pub height: i64,
}

fn photo_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<PhotoRow> {
    Ok(PhotoRow {
        id: r.get(0)?,
        event_id: r.get(1)?,
        ord: r.get(2)?,
        caption: r.get(3)?,
        width: r.get(4)?,
        height: r.get(5)?,
    })
}

pub fn photos(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<PhotoRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, ord, caption, width, height FROM report_photo \
         WHERE event_id = ?1 ORDER BY ord, created_at",
    )?;
    let rows = stmt.query_map(params![event_id], photo_from)?;
    rows.collect()
}

pub fn photo(conn: &Connection, id: &str) -> rusqlite::Result<Option<PhotoRow>> {
    conn.prepare_cached(
        "SELECT id, event_id, ord, caption, width, height FROM report_photo WHERE id = ?1",
    )?
    .query_row(params![id], photo_from)
    .optional()
}

pub fn photo_jpeg(conn: &Connection, id: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT jpeg FROM report_photo WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()
}

#[allow(clippy::too_many_arguments)]
pub fn insert_photo(
    conn: &Connection,
    id: &str,
    event_id: &str,
    caption: &str,
    jpeg: &[u8],
    width: u32,
    height: u32,
    now: &str,
) -> rusqlite::Result<()> {
    let ord: i64 = conn
        .prepare_cached("SELECT coalesce(max(ord), 0) + 1 FROM report_photo WHERE event_id = ?1")?
        .query_row(params![event_id], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO report_photo (id, event_id, ord, caption, jpeg, width, height, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id, event_id, ord, caption, jpeg, width, height, now
    ])?;
    Ok(())
}

pub fn set_photo(conn: &Connection, id: &str, caption: &str, ord: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE report_photo SET caption = ?2, ord = ?3 WHERE id = ?1")?
        .execute(params![id, caption, ord])?;
    Ok(())
}

pub fn delete_photo(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM report_photo WHERE id = ?1")?
        .execute(params![id])?
        > 0)
}

pub fn count_photos(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT count(*) FROM report_photo WHERE event_id = ?1")?
        .query_row(params![event_id], |r| r.get(0))
}

/// Every photo of the event with its bytes, in order.
pub fn photo_files(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<Vec<(PhotoRow, Vec<u8>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, ord, caption, width, height, jpeg FROM report_photo \
         WHERE event_id = ?1 ORDER BY ord, created_at",
    )?;
    let rows = stmt.query_map(params![event_id], |r| Ok((photo_from(r)?, r.get(6)?)))?;
    rows.collect()
}

/// A session's minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesRow {
    pub chair: Option<String>,
    pub topics: Option<String>,
    pub qa: Option<String>,
    pub conclusions: Option<String>,
}

/// The minutes of every session of the event that has any, by session id.
pub fn minutes_of_event(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<std::collections::HashMap<String, MinutesRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.session_id, m.chair, m.topics, m.qa, m.conclusions FROM session_minutes m \
         JOIN session s ON s.id = m.session_id WHERE s.event_id = ?1",
    )?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            MinutesRow {
                chair: r.get(1)?,
                topics: r.get(2)?,
                qa: r.get(3)?,
                conclusions: r.get(4)?,
            },
        ))
    })?;
    rows.collect()
}

pub fn put_minutes(
    conn: &Connection,
    session_id: &str,
    m: &MinutesRow,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO session_minutes (session_id, chair, topics, qa, conclusions, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (session_id) DO UPDATE SET chair = ?2, \
         topics = ?3, qa = ?4, conclusions = ?5, updated_at = ?6",
    )?
    .execute(params![
        session_id,
        m.chair,
        m.topics,
        m.qa,
        m.conclusions,
        now
    ])?;
    Ok(())
}
