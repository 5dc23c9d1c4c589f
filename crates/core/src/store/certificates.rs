//! Queries of `certificate`, `certificate_settings` and `certificate_override`, and what
//! issuing certificates reads of `session`, `registration` and `certificate_template`.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::model::Role;

/// An event's certificate settings (`certificates::load_settings` fills in the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CertSettings {
    pub event_id: String,
    pub min_attendance: i64,
    pub number_pattern: String,
    pub org_code: Option<String>,
    /// `event` or `year`.
    pub sequence_scope: crate::model::SequenceScope,
    pub issue_place: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: Option<String>,
    pub verify_base_url: Option<String>,
    /// role → wording, e.g. `participant` → "sebagai Peserta".
    #[ts(type = "Partial<Record<Role, string>>")]
    pub role_texts: BTreeMap<String, String>,
    /// role → template id.
    #[ts(type = "Partial<Record<Role, string>>")]
    pub role_templates: BTreeMap<String, String>,
    /// A second page after every certificate: the materi, their JP and the total.
    pub back_page: bool,
    /// A participant's certificate also needs every opened evaluation filled in.
    pub require_evaluation: bool,
    /// … and a post-test score of at least this (1–100).
    pub min_posttest: Option<i64>,
}

/// The organizer's decision on one person's eligibility (`certificate_override`).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Override {
    pub eligible: bool,
    pub reason: String,
    pub actor: String,
    pub at: String,
}

/// A certificate as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CertificateRow {
    pub id: String,
    pub registration_id: String,
    pub number: String,
    pub name: String,
    pub role: crate::model::Role,
    pub code: String,
    pub status: crate::model::CertificateStatus,
    pub revision: i64,
    pub issued_at: String,
    pub revoke_reason: Option<String>,
    /// The number of the revoked certificate this one replaces.
    pub replaces: Option<String>,
}

/// The columns [`cert_from`] reads, from `certificate` aliased as `c`.
pub(crate) const CERT_COLUMNS: &str =
    "c.id, c.registration_id, c.number, c.name, c.role, c.code, c.status, c.revision, \
     c.issued_at, c.revoke_reason, (SELECT o.number FROM certificate o WHERE o.id = c.replaces)";
/// How many columns [`CERT_COLUMNS`] has (further columns of a query follow them).
pub(crate) const CERT_COLUMN_COUNT: usize = 11;

/// A certificate from a row that starts with [`CERT_COLUMNS`].
pub(crate) fn cert_from(r: &Row<'_>) -> rusqlite::Result<CertificateRow> {
    Ok(CertificateRow {
        id: r.get(0)?,
        registration_id: r.get(1)?,
        number: r.get(2)?,
        name: r.get(3)?,
        role: crate::model::Role::stored(&r.get::<_, String>(4)?),
        code: r.get(5)?,
        status: if r.get::<_, String>(6)? == "revoked" {
            crate::model::CertificateStatus::Revoked
        } else {
            crate::model::CertificateStatus::Issued
        },
        revision: r.get(7)?,
        issued_at: r.get(8)?,
        revoke_reason: r.get(9)?,
        replaces: r.get(10)?,
    })
}

/// A role → text map stored as JSON; empty when missing or unreadable.
fn parse_map(s: Option<String>) -> BTreeMap<String, String> {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

// ---- settings --------------------------------------------------------------------------

/// The event's stored certificate settings, if it has any.
pub(crate) fn get_settings(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<Option<CertSettings>> {
    conn.query_row(
        "SELECT min_attendance, number_pattern, org_code, sequence_scope, issue_place, \
         issue_date, verify_base_url, role_texts, role_templates, back_page, \
         require_evaluation, min_posttest \
         FROM certificate_settings WHERE event_id = ?1",
        params![event_id],
        |r| {
            Ok(CertSettings {
                event_id: event_id.to_string(),
                min_attendance: r.get(0)?,
                number_pattern: r.get(1)?,
                org_code: r.get(2)?,
                sequence_scope: crate::model::SequenceScope::parse(&r.get::<_, String>(3)?)
                    .unwrap_or(crate::model::SequenceScope::Event),
                issue_place: r.get(4)?,
                issue_date: r.get(5)?,
                verify_base_url: r.get(6)?,
                role_texts: parse_map(r.get(7)?),
                role_templates: parse_map(r.get(8)?),
                back_page: r.get(9)?,
                require_evaluation: r.get(10)?,
                min_posttest: r.get(11)?,
            })
        },
    )
    .optional()
}

/// Inserts or replaces the event's certificate settings.
pub(crate) fn upsert_settings(
    conn: &Connection,
    s: &CertSettings,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO certificate_settings (event_id, min_attendance, number_pattern, org_code, \
         sequence_scope, issue_place, issue_date, verify_base_url, role_texts, role_templates, updated_at, \
         back_page, require_evaluation, min_posttest) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
         ON CONFLICT (event_id) DO UPDATE SET min_attendance = excluded.min_attendance, \
         number_pattern = excluded.number_pattern, org_code = excluded.org_code, \
         sequence_scope = excluded.sequence_scope, issue_place = excluded.issue_place, \
         issue_date = excluded.issue_date, verify_base_url = excluded.verify_base_url, \
         role_texts = excluded.role_texts, role_templates = excluded.role_templates, \
         updated_at = excluded.updated_at, back_page = excluded.back_page, \
         require_evaluation = excluded.require_evaluation, min_posttest = excluded.min_posttest",
        params![
            s.event_id,
            s.min_attendance,
            s.number_pattern,
            s.org_code,
            s.sequence_scope.as_str(),
            s.issue_place,
            s.issue_date,
            s.verify_base_url,
            serde_json::to_string(&s.role_texts).unwrap_or_default(),
            serde_json::to_string(&s.role_templates).unwrap_or_default(),
            now,
            s.back_page,
            s.require_evaluation,
            s.min_posttest
        ],
    )?;
    Ok(())
}

/// Whether a stored certificate template has this id.
pub(crate) fn template_exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM certificate_template WHERE id = ?1)",
        params![id],
        |r| r.get(0),
    )
}

// ---- eligibility -----------------------------------------------------------------------

/// One active registration with its attendance count and override, for eligibility.
#[derive(Debug, Clone)]
pub(crate) struct EligibilityRow {
    pub(crate) registration_id: String,
    pub(crate) name: String,
    pub(crate) nip: Option<String>,
    pub(crate) opd: Option<String>,
    pub(crate) role: Role,
    /// Attendance-taking sessions attended (undone check-ins left out).
    pub(crate) attended: i64,
    pub(crate) override_: Option<Override>,
}

/// How many sessions of the event take attendance.
pub(crate) fn attendance_sessions(conn: &Connection, event_id: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM session WHERE event_id = ?1 AND takes_attendance = 1",
        params![event_id],
        |r| r.get(0),
    )
}

/// The event's registered people (of `role`, or all), speakers first, then by name.
pub(crate) fn list_eligibility(
    conn: &Connection,
    event_id: &str,
    role: Option<Role>,
) -> rusqlite::Result<Vec<EligibilityRow>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, p.name, p.nip, coalesce(o.name, p.institution), r.role, \
           (SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id \
             WHERE a.registration_id = r.id AND a.undone_at IS NULL AND s.takes_attendance = 1), \
           v.eligible, v.reason, v.actor, v.at \
         FROM registration r JOIN person p ON p.id = r.person_id \
         LEFT JOIN opd o ON o.id = p.opd_id \
         LEFT JOIN certificate_override v ON v.registration_id = r.id \
         WHERE r.event_id = ?1 AND r.status = 'registered' AND (?2 IS NULL OR r.role = ?2) \
         ORDER BY CASE r.role WHEN 'speaker' THEN 0 WHEN 'moderator' THEN 1 \
                  WHEN 'participant' THEN 2 ELSE 3 END, p.name_key",
    )?;
    let rows = stmt.query_map(params![event_id, role.map(Role::as_str)], |r| {
        let role_s: String = r.get(4)?;
        let eligible_override: Option<i64> = r.get(6)?;
        Ok(EligibilityRow {
            registration_id: r.get(0)?,
            name: r.get(1)?,
            nip: r.get(2)?,
            opd: r.get(3)?,
            role: Role::stored(&role_s),
            attended: r.get(5)?,
            override_: eligible_override.map(|e| Override {
                eligible: e != 0,
                reason: r
                    .get::<_, Option<String>>(7)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                actor: r
                    .get::<_, Option<String>>(8)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                at: r
                    .get::<_, Option<String>>(9)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            }),
        })
    })?;
    rows.collect()
}

/// The event a registration belongs to.
pub(crate) fn registration_event(
    conn: &Connection,
    registration_id: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT event_id FROM registration WHERE id = ?1",
        params![registration_id],
        |r| r.get(0),
    )
    .optional()
}

/// Sets (or replaces) the organizer's decision on a registration's eligibility.
pub(crate) fn upsert_override(
    conn: &Connection,
    registration_id: &str,
    eligible: bool,
    reason: &str,
    actor: &str,
    at: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO certificate_override (registration_id, eligible, reason, actor, at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (registration_id) DO UPDATE SET \
         eligible = excluded.eligible, reason = excluded.reason, actor = excluded.actor, \
         at = excluded.at",
        params![registration_id, eligible as i64, reason, actor, at],
    )?;
    Ok(())
}

/// Removes the organizer's decision on a registration, back to the rule.
pub(crate) fn delete_override(conn: &Connection, registration_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM certificate_override WHERE registration_id = ?1",
        params![registration_id],
    )?;
    Ok(())
}

// ---- certificates ----------------------------------------------------------------------

/// Each registration's certificate in the event: the standing one, else the latest revoked.
pub(crate) fn by_registration(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<HashMap<String, CertificateRow>> {
    // Later rows win: revoked ones first (oldest first), the standing one last.
    let mut stmt = conn.prepare(&format!(
        "SELECT {CERT_COLUMNS} FROM certificate c WHERE c.event_id = ?1 \
         ORDER BY c.status = 'issued', c.issued_at, c.rowid"
    ))?;
    let rows = stmt.query_map(params![event_id], cert_from)?;
    rows.map(|r| r.map(|c| (c.registration_id.clone(), c)))
        .collect()
}

/// The standing (issued) certificate of a registration, if it has one.
pub(crate) fn standing_for(
    conn: &Connection,
    registration_id: &str,
) -> rusqlite::Result<Option<CertificateRow>> {
    conn.query_row(
        &format!(
            "SELECT {CERT_COLUMNS} FROM certificate c \
             WHERE c.registration_id = ?1 AND c.status = 'issued'"
        ),
        params![registration_id],
        cert_from,
    )
    .optional()
}

/// Every certificate of the event, in sequence order.
pub(crate) fn list_certificates(
    conn: &Connection,
    event_id: &str,
) -> rusqlite::Result<Vec<CertificateRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CERT_COLUMNS} FROM certificate c WHERE c.event_id = ?1 ORDER BY c.seq_scope, c.seq"
    ))?;
    let rows = stmt.query_map(params![event_id], cert_from)?;
    rows.collect()
}

/// The certificate with this id (`QueryReturnedNoRows` when there is none).
pub(crate) fn get_certificate(conn: &Connection, id: &str) -> rusqlite::Result<CertificateRow> {
    conn.query_row(
        &format!("SELECT {CERT_COLUMNS} FROM certificate c WHERE c.id = ?1"),
        params![id],
        cert_from,
    )
}

/// The certificate with this number, if any.
pub(crate) fn get_by_number(
    conn: &Connection,
    number: &str,
) -> rusqlite::Result<Option<CertificateRow>> {
    conn.query_row(
        &format!("SELECT {CERT_COLUMNS} FROM certificate c WHERE c.number = ?1"),
        params![number],
        cert_from,
    )
    .optional()
}

/// The certificate with this number and its event id, if any.
pub(crate) fn get_by_number_with_event(
    conn: &Connection,
    number: &str,
) -> rusqlite::Result<Option<(CertificateRow, String)>> {
    conn.query_row(
        &format!("SELECT {CERT_COLUMNS}, c.event_id FROM certificate c WHERE c.number = ?1"),
        params![number],
        |r| Ok((cert_from(r)?, r.get::<_, String>(CERT_COLUMN_COUNT)?)),
    )
    .optional()
}

/// A certificate found by its verification code, with its event's title and dates.
#[derive(Debug, Clone)]
pub(crate) struct CertificateWithEvent {
    pub(crate) certificate: CertificateRow,
    pub(crate) event_title: String,
    pub(crate) start_date: String,
    pub(crate) end_date: String,
}

/// The certificate with this verification code and its event, if any.
pub(crate) fn get_by_code(
    conn: &Connection,
    code: &str,
) -> rusqlite::Result<Option<CertificateWithEvent>> {
    conn.query_row(
        &format!(
            "SELECT {CERT_COLUMNS}, e.title, e.start_date, e.end_date FROM certificate c \
             JOIN event e ON e.id = c.event_id WHERE c.code = ?1"
        ),
        params![code],
        |r| {
            Ok(CertificateWithEvent {
                certificate: cert_from(r)?,
                event_title: r.get::<_, String>(CERT_COLUMN_COUNT)?,
                start_date: r.get::<_, String>(CERT_COLUMN_COUNT + 1)?,
                end_date: r.get::<_, String>(CERT_COLUMN_COUNT + 2)?,
            })
        },
    )
    .optional()
}

/// The next number of a gapless sequence (`event:<id>` or `year:<YYYY>`).
pub(crate) fn next_seq(conn: &Connection, scope: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM certificate WHERE seq_scope = ?1",
        params![scope],
        |r| r.get(0),
    )
}

/// Whether any certificate has this number.
pub(crate) fn number_exists(conn: &Connection, number: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM certificate WHERE number = ?1)",
        params![number],
        |r| r.get(0),
    )
}

/// Whether any certificate has this verification code.
pub(crate) fn code_exists(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM certificate WHERE code = ?1)",
        params![code],
        |r| r.get(0),
    )
}

/// A certificate to insert, numbered and coded by the caller.
#[derive(Debug, Clone)]
pub(crate) struct NewCertificate<'a> {
    pub(crate) id: &'a str,
    pub(crate) event_id: &'a str,
    pub(crate) registration_id: &'a str,
    pub(crate) role: Role,
    pub(crate) seq_scope: &'a str,
    pub(crate) seq: i64,
    pub(crate) number: &'a str,
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    /// `issued_at` and `updated_at`.
    pub(crate) now: &'a str,
    /// The id of the revoked certificate this one replaces.
    pub(crate) replaces: Option<&'a str>,
}

/// Inserts a new (issued, revision 0) certificate.
pub(crate) fn insert_certificate(
    conn: &Connection,
    c: &NewCertificate<'_>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO certificate (id, event_id, registration_id, role, seq_scope, seq, number, \
         code, name, issued_at, updated_at, replaces) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![
            c.id,
            c.event_id,
            c.registration_id,
            c.role.as_str(),
            c.seq_scope,
            c.seq,
            c.number,
            c.code,
            c.name,
            c.now,
            c.replaces
        ],
    )?;
    Ok(())
}

/// Corrects the name on a certificate and raises its revision.
pub(crate) fn update_name(
    conn: &Connection,
    id: &str,
    name: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE certificate SET name = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1",
        params![id, name, now],
    )?;
    Ok(())
}

/// Marks a certificate revoked, with the reason; it keeps its number.
pub(crate) fn revoke(conn: &Connection, id: &str, reason: &str, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE certificate SET status = 'revoked', revoke_reason = ?2, revoked_at = ?3, \
         updated_at = ?3 WHERE id = ?1",
        params![id, reason, now],
    )?;
    Ok(())
}

/// The number of the standing certificate that replaces this (revoked) one, if any.
pub(crate) fn replacement_number(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT number FROM certificate WHERE replaces = ?1 AND status = 'issued'")?
        .query_row(params![id], |r| r.get(0))
        .optional()
}
