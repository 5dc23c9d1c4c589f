//! Queries of the keuangan tables: rates per budget year, a person's payment details, a
//! registration's corrections, an event's budget coding and rules, the prints made.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::now;

/// One row of the rate table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    pub year: i64,
    pub kind: String,
    pub level: String,
    pub description: String,
    pub amount: i64,
    pub cap: Option<i64>,
    pub example: bool,
}

fn rate_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RateRow> {
    Ok(RateRow {
        year: r.get(0)?,
        kind: r.get(1)?,
        level: r.get(2)?,
        description: r.get(3)?,
        amount: r.get(4)?,
        cap: r.get(5)?,
        example: r.get::<_, i64>(6)? != 0,
    })
}

/// The rates of one budget year, in the table's order (kind, then level).
pub fn rates(conn: &Connection, year: i64) -> rusqlite::Result<Vec<RateRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year, kind, level, description, amount, cap, example FROM finance_rate \
         WHERE year = ?1 ORDER BY CASE kind WHEN 'narasumber' THEN 0 WHEN 'moderator' THEN 1 \
         WHEN 'pembawa_acara' THEN 2 ELSE 3 END, CASE level WHEN 'menteri' THEN 0 \
         WHEN 'eselon_1' THEN 1 WHEN 'eselon_2' THEN 2 WHEN 'eselon_3' THEN 3 ELSE 4 END",
    )?;
    let rows = stmt.query_map(params![year], rate_from_row)?;
    rows.collect()
}

/// The years that have rates, newest first.
pub fn rate_years(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT year FROM finance_rate ORDER BY year DESC")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// Adds or replaces one rate.
pub fn put_rate(conn: &Connection, r: &RateRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO finance_rate (year, kind, level, description, amount, cap, example, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (year, kind, level) DO UPDATE SET description = excluded.description, \
         amount = excluded.amount, cap = excluded.cap, example = excluded.example, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        r.year,
        r.kind,
        r.level,
        r.description,
        r.amount,
        r.cap,
        i64::from(r.example),
        now()
    ])?;
    Ok(())
}

/// Deletes one rate; whether there was one.
pub fn delete_rate(
    conn: &Connection,
    year: i64,
    kind: &str,
    level: &str,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM finance_rate WHERE year = ?1 AND kind = ?2 AND level = ?3")?
        .execute(params![year, kind, level])?
        > 0)
}

/// Deletes every rate of a year (an import replaces the year's table).
pub fn delete_year(conn: &Connection, year: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM finance_rate WHERE year = ?1")?
        .execute(params![year])
}

/// A person's payment details as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFinanceRow {
    pub status: Option<String>,
    pub golongan: Option<String>,
    pub level: Option<String>,
    pub npwp: Option<String>,
    pub bank: Option<String>,
    pub account_no: Option<String>,
    pub account_name: Option<String>,
    pub internal: bool,
}

const PERSON_COLUMNS: &str =
    "status, golongan, level, npwp, bank, account_no, account_name, internal";

fn person_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<PersonFinanceRow> {
    Ok(PersonFinanceRow {
        status: r.get(at)?,
        golongan: r.get(at + 1)?,
        level: r.get(at + 2)?,
        npwp: r.get(at + 3)?,
        bank: r.get(at + 4)?,
        account_no: r.get(at + 5)?,
        account_name: r.get(at + 6)?,
        internal: r.get::<_, i64>(at + 7)? != 0,
    })
}

pub fn get_person(conn: &Connection, person_id: &str) -> rusqlite::Result<PersonFinanceRow> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM person_finance WHERE person_id = ?1"
        ))?
        .query_row(params![person_id], |r| person_from_row(r, 0))
        .optional()?
        .unwrap_or_default())
}

pub fn put_person(
    conn: &Connection,
    person_id: &str,
    p: &PersonFinanceRow,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO person_finance (person_id, status, golongan, level, npwp, bank, account_no, \
         account_name, internal, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (person_id) DO UPDATE SET status = excluded.status, \
         golongan = excluded.golongan, level = excluded.level, npwp = excluded.npwp, \
         bank = excluded.bank, account_no = excluded.account_no, \
         account_name = excluded.account_name, internal = excluded.internal, \
         updated_at = excluded.updated_at",
    )?
    .execute(params![
        person_id,
        p.status,
        p.golongan,
        p.level,
        p.npwp,
        p.bank,
        p.account_no,
        p.account_name,
        i64::from(p.internal),
        now()
    ])?;
    Ok(())
}

/// The payment details of everyone registered in an event, by person id.
pub fn event_people(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, PersonFinanceRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT f.person_id, {} FROM person_finance f \
         JOIN registration r ON r.person_id = f.person_id WHERE r.event_id = ?1",
        PERSON_COLUMNS
            .split(", ")
            .map(|c| format!("f.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok((r.get(0)?, person_from_row(r, 1)?))
    })?;
    rows.collect()
}

/// A registration's corrections as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationFinanceRow {
    pub rate: Option<i64>,
    pub transport_days: Option<i64>,
    pub transport_reason: Option<String>,
    pub unpaid: bool,
}

fn registration_from_row(
    r: &rusqlite::Row<'_>,
    at: usize,
) -> rusqlite::Result<RegistrationFinanceRow> {
    Ok(RegistrationFinanceRow {
        rate: r.get(at)?,
        transport_days: r.get(at + 1)?,
        transport_reason: r.get(at + 2)?,
        unpaid: r.get::<_, i64>(at + 3)? != 0,
    })
}

pub fn get_registration(
    conn: &Connection,
    registration_id: &str,
) -> rusqlite::Result<RegistrationFinanceRow> {
    Ok(conn
        .prepare_cached(
            "SELECT rate, transport_days, transport_reason, unpaid FROM registration_finance \
             WHERE registration_id = ?1",
        )?
        .query_row(params![registration_id], |r| registration_from_row(r, 0))
        .optional()?
        .unwrap_or_default())
}

pub fn put_registration(
    conn: &Connection,
    registration_id: &str,
    f: &RegistrationFinanceRow,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO registration_finance (registration_id, rate, transport_days, \
         transport_reason, unpaid, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (registration_id) DO UPDATE SET rate = excluded.rate, \
         transport_days = excluded.transport_days, transport_reason = excluded.transport_reason, \
         unpaid = excluded.unpaid, updated_at = excluded.updated_at",
    )?
    .execute(params![
        registration_id,
        f.rate,
        f.transport_days,
        f.transport_reason,
        i64::from(f.unpaid),
        now()
    ])?;
    Ok(())
}

/// The corrections of an event's registrations, by registration id.
pub fn event_registrations(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, RegistrationFinanceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.registration_id, f.rate, f.transport_days, f.transport_reason, f.unpaid \
         FROM registration_finance f JOIN registration r ON r.id = f.registration_id \
         WHERE r.event_id = ?1",
    )?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok((r.get(0)?, registration_from_row(r, 1)?))
    })?;
    rows.collect()
}

/// Days (distinct session dates) on which each registration of an event has a standing
/// check-in.
pub fn days_present(conn: &Connection, event_id: &str) -> rusqlite::Result<HashMap<String, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.registration_id, COUNT(DISTINCT s.date) FROM attendance a \
         JOIN session s ON s.id = a.session_id \
         WHERE s.event_id = ?1 AND a.undone_at IS NULL GROUP BY a.registration_id",
    )?;
    let rows = stmt.query_map(params![event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// An event's finance settings as stored; `None` fields take their defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsRow {
    pub budget_year: Option<i64>,
    pub program: Option<String>,
    pub kegiatan: Option<String>,
    pub sub_kegiatan: Option<String>,
    pub account_honor: Option<String>,
    pub account_transport: Option<String>,
    pub hour_rounding: Option<String>,
    pub halve_internal: bool,
    pub final_low_bp: Option<i64>,
    pub final_iii_bp: Option<i64>,
    pub final_iv_bp: Option<i64>,
    pub dpp_percent: Option<i64>,
    pub no_npwp_surcharge: bool,
    pub nik_as_npwp: bool,
    pub pppk_rule: Option<String>,
    pub place: Option<String>,
    pub pay_date: Option<String>,
    pub pa_name: Option<String>,
    pub pa_nip: Option<String>,
    pub pa_title: Option<String>,
    pub pptk_name: Option<String>,
    pub pptk_nip: Option<String>,
    pub bendahara_name: Option<String>,
    pub bendahara_nip: Option<String>,
}

impl SettingsRow {
    /// What an event without stored settings has.
    pub fn defaults() -> Self {
        SettingsRow {
            no_npwp_surcharge: true,
            nik_as_npwp: true,
            ..Default::default()
        }
    }
}

pub fn get_settings(conn: &Connection, event_id: &str) -> rusqlite::Result<SettingsRow> {
    Ok(conn
        .prepare_cached(
            "SELECT budget_year, program, kegiatan, sub_kegiatan, account_honor, \
             account_transport, hour_rounding, halve_internal, final_low_bp, final_iii_bp, \
             final_iv_bp, dpp_percent, no_npwp_surcharge, nik_as_npwp, pppk_rule, place, \
             pay_date, pa_name, pa_nip, pa_title, pptk_name, pptk_nip, bendahara_name, \
             bendahara_nip FROM finance_settings WHERE event_id = ?1",
        )?
        .query_row(params![event_id], |r| {
            Ok(SettingsRow {
                budget_year: r.get(0)?,
                program: r.get(1)?,
                kegiatan: r.get(2)?,
                sub_kegiatan: r.get(3)?,
                account_honor: r.get(4)?,
                account_transport: r.get(5)?,
                hour_rounding: r.get(6)?,
                halve_internal: r.get::<_, i64>(7)? != 0,
                final_low_bp: r.get(8)?,
                final_iii_bp: r.get(9)?,
                final_iv_bp: r.get(10)?,
                dpp_percent: r.get(11)?,
                no_npwp_surcharge: r.get::<_, i64>(12)? != 0,
                nik_as_npwp: r.get::<_, i64>(13)? != 0,
                pppk_rule: r.get(14)?,
                place: r.get(15)?,
                pay_date: r.get(16)?,
                pa_name: r.get(17)?,
                pa_nip: r.get(18)?,
                pa_title: r.get(19)?,
                pptk_name: r.get(20)?,
                pptk_nip: r.get(21)?,
                bendahara_name: r.get(22)?,
                bendahara_nip: r.get(23)?,
            })
        })
        .optional()?
        .unwrap_or_else(SettingsRow::defaults))
}

pub fn put_settings(conn: &Connection, event_id: &str, s: &SettingsRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO finance_settings (event_id, budget_year, program, kegiatan, sub_kegiatan, \
         account_honor, account_transport, hour_rounding, halve_internal, final_low_bp, \
         final_iii_bp, final_iv_bp, dpp_percent, no_npwp_surcharge, nik_as_npwp, pppk_rule, \
         place, pay_date, pa_name, pa_nip, pa_title, pptk_name, pptk_nip, bendahara_name, \
         bendahara_nip, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26) \
         ON CONFLICT (event_id) DO UPDATE SET budget_year = excluded.budget_year, \
         program = excluded.program, kegiatan = excluded.kegiatan, \
         sub_kegiatan = excluded.sub_kegiatan, account_honor = excluded.account_honor, \
         account_transport = excluded.account_transport, hour_rounding = excluded.hour_rounding, \
         halve_internal = excluded.halve_internal, final_low_bp = excluded.final_low_bp, \
         final_iii_bp = excluded.final_iii_bp, final_iv_bp = excluded.final_iv_bp, \
         dpp_percent = excluded.dpp_percent, no_npwp_surcharge = excluded.no_npwp_surcharge, \
         nik_as_npwp = excluded.nik_as_npwp, pppk_rule = excluded.pppk_rule, \
         place = excluded.place, pay_date = excluded.pay_date, pa_name = excluded.pa_name, \
         pa_nip = excluded.pa_nip, pa_title = excluded.pa_title, pptk_name = excluded.pptk_name, \
         pptk_nip = excluded.pptk_nip, bendahara_name = excluded.bendahara_name, \
         bendahara_nip = excluded.bendahara_nip, updated_at = excluded.updated_at",
    )?
    .execute(params![
        event_id,
        s.budget_year,
        s.program,
        s.kegiatan,
        s.sub_kegiatan,
        s.account_honor,
        s.account_transport,
        s.hour_rounding,
        i64::from(s.halve_internal),
        s.final_low_bp,
        s.final_iii_bp,
        s.final_iv_bp,
        s.dpp_percent,
        i64::from(s.no_npwp_surcharge),
        i64::from(s.nik_as_npwp),
        s.pppk_rule,
        s.place,
        s.pay_date,
        s.pa_name,
        s.pa_nip,
        s.pa_title,
        s.pptk_name,
        s.pptk_nip,
        s.bendahara_name,
        s.bendahara_nip,
        now()
    ])?;
    Ok(())
}

/// The documents printed for an event: doc → (digest, printed_at).
pub fn prints(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, (String, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT doc, digest, printed_at FROM finance_print WHERE event_id = ?1")?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
    })?;
    rows.collect()
}

pub fn put_print(
    conn: &Connection,
    event_id: &str,
    doc: &str,
    digest: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO finance_print (event_id, doc, digest, printed_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (event_id, doc) DO UPDATE SET digest = excluded.digest, \
         printed_at = excluded.printed_at",
    )?
    .execute(params![event_id, doc, digest, now()])?;
    Ok(())
}

/// Other events in which `person_id` spoke or moderated, with their start date and their
/// budget year as set (NULL: the start date's year).
pub fn other_staff_events(
    conn: &Connection,
    person_id: &str,
    event_id: &str,
) -> rusqlite::Result<Vec<(String, String, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT e.id, e.start_date, f.budget_year FROM registration r \
         JOIN event e ON e.id = r.event_id \
         LEFT JOIN finance_settings f ON f.event_id = e.id \
         WHERE r.person_id = ?1 AND r.event_id != ?2 AND r.status = 'registered' \
         AND (r.role IN ('speaker', 'moderator') OR r.duty IS NOT NULL)",
    )?;
    let rows = stmt.query_map(params![person_id, event_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    rows.collect()
}
