//! Queries of `person` and `registration`.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::ids::mask_nik;
use crate::model::{Participant, Person, RegistrationStatus, Role};

/// The matching and search key of a person's name.
pub fn name_key(name: &str) -> String {
    crate::validate::one_line(name).to_lowercase()
}

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub gender: Option<String>,
    pub rank: Option<String>,
    pub position: Option<String>,
    pub opd_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An institution outside the OPD list (a speaker from ANRI, a university).
    pub institution: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) const PERSON_COLUMNS: &str =
    "id, name, nip, nik, gender, rank, position, opd_id, phone, email, \
     created_at, updated_at, institution";

pub(crate) fn person_from_row(r: &Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        name: r.get(1)?,
        nip: r.get(2)?,
        nik: r.get(3)?,
        gender: r.get(4)?,
        rank: r.get(5)?,
        position: r.get(6)?,
        opd_id: r.get(7)?,
        phone: r.get(8)?,
        email: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        institution: r.get(12)?,
    })
}

pub fn get_person(conn: &Connection, id: &str) -> rusqlite::Result<Option<PersonRow>> {
    conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1"
    ))?
    .query_row([id], person_from_row)
    .optional()
}

/// The person holding this NIP (`column = "nip"`) or NIK (`column = "nik"`).
pub fn person_by_id_number(
    conn: &Connection,
    column: &str,
    value: &str,
) -> rusqlite::Result<Option<PersonRow>> {
    let sql = match column {
        "nip" => format!("SELECT {PERSON_COLUMNS} FROM person WHERE nip = ?1"),
        _ => format!("SELECT {PERSON_COLUMNS} FROM person WHERE nik = ?1"),
    };
    conn.prepare_cached(&sql)?
        .query_row([value], person_from_row)
        .optional()
}

/// Finds a person again: by NIP, else by NIK, else by name + OPD, each time only among
/// people whose stored NIP/NIK do not contradict the ones given.
pub fn find_person(
    conn: &Connection,
    nip: Option<&str>,
    nik: Option<&str>,
    name: &str,
    opd_id: Option<&str>,
) -> rusqlite::Result<Option<PersonRow>> {
    if let Some(nip) = nip {
        let found = conn
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE nip = ?1"
            ))?
            .query_row([nip], person_from_row)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if let Some(nik) = nik {
        let found = conn
            .prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE nik = ?1 \
                 AND (nip IS NULL OR ?2 IS NULL OR nip = ?2)"
            ))?
            .query_row(params![nik, nip], person_from_row)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE name_key = ?1 AND opd_id IS ?2 \
         AND (nip IS NULL OR ?3 IS NULL OR nip = ?3) AND (nik IS NULL OR ?4 IS NULL OR nik = ?4) \
         ORDER BY created_at LIMIT 1"
    ))?
    .query_row(params![name_key(name), opd_id, nip, nik], person_from_row)
    .optional()
}

/// Everyone stored under a name key and OPD, whatever their NIP and NIK, in the order
/// [`find_person`] prefers them (the earliest created first).
pub fn people_by_name_key(
    conn: &Connection,
    key: &str,
    opd_id: Option<&str>,
) -> rusqlite::Result<Vec<PersonRow>> {
    conn.prepare_cached(&format!(
        "SELECT {PERSON_COLUMNS} FROM person WHERE name_key = ?1 AND opd_id IS ?2 \
         ORDER BY created_at, rowid"
    ))?
    .query_map(params![key, opd_id], person_from_row)?
    .collect()
}

pub fn insert_person(conn: &Connection, p: &PersonRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO person (id, name, name_key, nip, nik, gender, rank, position, opd_id, phone, \
         email, created_at, updated_at, institution) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        p.id,
        p.name,
        name_key(&p.name),
        p.nip,
        p.nik,
        p.gender,
        p.rank,
        p.position,
        p.opd_id,
        p.phone,
        p.email,
        p.created_at,
        p.updated_at,
        p.institution
    ])?;
    Ok(())
}

pub fn update_person(conn: &Connection, p: &PersonRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE person SET name = ?2, name_key = ?3, nip = ?4, nik = ?5, gender = ?6, rank = ?7, \
         position = ?8, opd_id = ?9, phone = ?10, email = ?11, updated_at = ?12, \
         institution = ?13 WHERE id = ?1",
    )?
    .execute(params![
        p.id,
        p.name,
        name_key(&p.name),
        p.nip,
        p.nik,
        p.gender,
        p.rank,
        p.position,
        p.opd_id,
        p.phone,
        p.email,
        p.updated_at,
        p.institution
    ])?;
    Ok(())
}

/// A registration as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRow {
    pub id: String,
    pub event_id: String,
    pub person_id: String,
    pub role: String,
    pub code: String,
    pub status: String,
    pub replaces_id: Option<String>,
    pub replaced_by_id: Option<String>,
    pub note: Option<String>,
    pub cancel_reason: Option<String>,
    pub duty: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const REG_COLUMNS: &str = "id, event_id, person_id, role, code, status, replaces_id, \
                           replaced_by_id, note, cancel_reason, duty, created_at, updated_at";

fn reg_from_row(r: &Row<'_>) -> rusqlite::Result<RegistrationRow> {
    Ok(RegistrationRow {
        id: r.get(0)?,
        event_id: r.get(1)?,
        person_id: r.get(2)?,
        role: r.get(3)?,
        code: r.get(4)?,
        status: r.get(5)?,
        replaces_id: r.get(6)?,
        replaced_by_id: r.get(7)?,
        note: r.get(8)?,
        cancel_reason: r.get(9)?,
        duty: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

pub fn get_registration(conn: &Connection, id: &str) -> rusqlite::Result<Option<RegistrationRow>> {
    conn.prepare_cached(&format!(
        "SELECT {REG_COLUMNS} FROM registration WHERE id = ?1"
    ))?
    .query_row([id], reg_from_row)
    .optional()
}

pub fn find_registration(
    conn: &Connection,
    event_id: &str,
    person_id: &str,
) -> rusqlite::Result<Option<RegistrationRow>> {
    conn.prepare_cached(&format!(
        "SELECT {REG_COLUMNS} FROM registration WHERE event_id = ?1 AND person_id = ?2"
    ))?
    .query_row([event_id, person_id], reg_from_row)
    .optional()
}

pub fn code_exists(conn: &Connection, code: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM registration WHERE code = ?1")?
        .exists([code])
}

pub fn insert_registration(conn: &Connection, r: &RegistrationRow) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO registration ({REG_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        r.id,
        r.event_id,
        r.person_id,
        r.role,
        r.code,
        r.status,
        r.replaces_id,
        r.replaced_by_id,
        r.note,
        r.cancel_reason,
        r.duty,
        r.created_at,
        r.updated_at
    ])?;
    Ok(())
}

pub fn update_registration(conn: &Connection, r: &RegistrationRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE registration SET role = ?2, status = ?3, replaces_id = ?4, replaced_by_id = ?5, \
         note = ?6, cancel_reason = ?7, duty = ?9, updated_at = ?8 WHERE id = ?1",
    )?
    .execute(params![
        r.id,
        r.role,
        r.status,
        r.replaces_id,
        r.replaced_by_id,
        r.note,
        r.cancel_reason,
        r.updated_at,
        r.duty
    ])?;
    Ok(())
}

/// Filters of a participant list.
#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter<'a> {
    pub event_id: &'a str,
    pub registration_id: Option<&'a str>,
    pub opd_id: Option<&'a str>,
    pub role: Option<&'a str>,
    pub status: Option<&'a str>,
    /// Free text: part of the name, NIP digits, the check-in code, or the OPD.
    pub query: Option<&'a str>,
    pub limit: Option<i64>,
    pub reveal_nik: bool,
    /// Let a search match people by their OPD's name (default). The desk first searches
    /// without it, so a person's own name, NIP or code ranks above their OPD.
    pub skip_opd_match: bool,
}

/// How many index matches make a search "common": walked in name order instead.
const MANY: i64 = 1000;

/// Whether the trigram index has at least `MANY` matches for `pattern` in `column`.
fn many_hits(conn: &Connection, column: &str, pattern: &str) -> rusqlite::Result<bool> {
    let column = if column == "nip" { "nip" } else { "name_key" };
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM person_fts WHERE {column} LIKE ?1 LIMIT {MANY})"
        ))?
        .query_row([pattern], |r| r.get(0))?;
    Ok(n >= MANY)
}

/// Whether a search can use the trigram index: at least three characters and no LIKE
/// wildcards typed by the user (the index path has no ESCAPE).
fn uses_trigram_index(q: &str) -> bool {
    q.chars().count() >= 3 && !q.contains(['%', '_', '\\'])
}

/// The name of the first registered (not cancelled or replaced) person of a role in an
/// event, in name order, for a certificate preview.
pub(crate) fn first_registered_name(
    conn: &Connection,
    event_id: &str,
    role: &str,
) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT p.name FROM registration r JOIN person p ON p.id = r.person_id \
         WHERE r.event_id = ?1 AND r.role = ?2 AND r.status = 'registered' \
         ORDER BY p.name_key, p.name LIMIT 1",
    )?
    .query_row(params![event_id, role], |r| r.get(0))
    .optional()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The columns a participant is read from, each named as the [`Participant`] field it
/// fills (several tables have a `name`).
const PARTICIPANT_COLUMNS: &str = "r.id AS id, r.event_id AS event_id, \
     r.person_id AS person_id, p.name AS name, p.nip AS nip, p.nik AS nik, \
     p.gender AS gender, p.rank AS rank, p.position AS position, p.opd_id AS opd_id, \
     o.name AS opd, p.phone AS phone, p.email AS email, r.role AS role, r.code AS code, \
     r.status AS status, r.replaces_id AS replaces_id, rp.name AS replaces_name, \
     r.replaced_by_id AS replaced_by_id, rb.name AS replaced_by_name, r.note AS note, \
     r.created_at AS created_at, r.updated_at AS updated_at, \
     o.short_name AS opd_short_name, r.cancel_reason AS cancel_reason, r.duty AS duty, \
     p.institution AS institution";

/// The tables [`PARTICIPANT_COLUMNS`] reads beside `registration r`.
const PARTICIPANT_JOINS: &str = "JOIN person p ON p.id = r.person_id \
     LEFT JOIN opd o ON o.id = p.opd_id \
     LEFT JOIN registration r1 ON r1.id = r.replaces_id \
     LEFT JOIN person rp ON rp.id = r1.person_id \
     LEFT JOIN registration r2 ON r2.id = r.replaced_by_id \
     LEFT JOIN person rb ON rb.id = r2.person_id";

/// What a participant search looks for, from the typed text: `?6` a name (LIKE),
/// `?7` NIP digits, `?8` a check-in code.
struct SearchTerms {
    pattern: String,
    digits: Option<String>,
    code: String,
    /// The name part may use the trigram index (long enough).
    use_index: bool,
}

impl SearchTerms {
    fn of(query: Option<&str>) -> Option<SearchTerms> {
        let q = query
            .map(crate::validate::one_line)
            .filter(|q| !q.is_empty())?;
        let d: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
        let digits = (d.len() >= 3
            && d.len() * 2 >= q.chars().filter(|c| !c.is_whitespace()).count())
        .then(|| format!("%{d}%"));
        Some(SearchTerms {
            pattern: format!("%{}%", like_escape(&q.to_lowercase())),
            digits,
            code: q.to_uppercase(),
            use_index: uses_trigram_index(&q),
        })
    }
}

/// The filters of a participant list (`?2`..`?5`) on registration `r` and person `p`.
fn participant_filters(r: &str, p: &str) -> String {
    format!(
        "(?2 IS NULL OR {r}.id = ?2) AND (?3 IS NULL OR {p}.opd_id = ?3) \
         AND (?4 IS NULL OR {r}.role = ?4) AND (?5 IS NULL OR {r}.status = ?5)"
    )
}

/// A search collects the matching people's rowids from indexes (the trigram index over
/// names and NIPs, OPDs by name, the check-in code), takes the first `limit` of them
/// that are registered here, and only then joins and sorts those.
fn participant_search_sql(terms: &SearchTerms, skip_opd_match: bool) -> String {
    let name_part = if terms.use_index {
        "SELECT rowid FROM person_fts WHERE name_key LIKE ?6"
    } else {
        "SELECT rowid FROM person WHERE name_key LIKE ?6 ESCAPE '\\'"
    };
    let nip_part = if terms.digits.is_some() {
        " UNION SELECT rowid FROM person_fts WHERE nip LIKE ?7"
    } else {
        ""
    };
    let opd_part = if skip_opd_match {
        ""
    } else {
        " UNION SELECT rowid FROM person WHERE opd_id IN (SELECT id FROM opd \
           WHERE name_key LIKE ?6 ESCAPE '\\' OR lower(short_name) LIKE ?6 ESCAPE '\\')"
    };
    format!(
        "SELECT {PARTICIPANT_COLUMNS} FROM ( \
           SELECT r0.id AS rid FROM person p0 \
           CROSS JOIN registration r0 ON r0.event_id = ?1 AND r0.person_id = p0.id \
           WHERE p0.rowid IN ({name_part}{nip_part}{opd_part} \
             UNION SELECT p4.rowid FROM registration r4 JOIN person p4 ON p4.id = r4.person_id \
               WHERE r4.code = ?8) \
           AND {} AND (?7 IS NULL OR true) \
           LIMIT coalesce(?9, -1)) sel \
         JOIN registration r ON r.id = sel.rid {PARTICIPANT_JOINS} \
         ORDER BY p.name_key",
        participant_filters("r0", "p0")
    )
}

/// Where each of [`PARTICIPANT_COLUMNS`] is in a statement, found by its name once per
/// query (a lookup by name on every row costs a list of 5,000 a third more time).
struct ParticipantColumns {
    nik: usize,
    id: usize,
    event_id: usize,
    person_id: usize,
    name: usize,
    nip: usize,
    gender: usize,
    rank: usize,
    position: usize,
    opd_id: usize,
    opd: usize,
    opd_short_name: usize,
    phone: usize,
    email: usize,
    role: usize,
    code: usize,
    status: usize,
    replaces_id: usize,
    replaces_name: usize,
    replaced_by_id: usize,
    replaced_by_name: usize,
    note: usize,
    cancel_reason: usize,
    duty: usize,
    institution: usize,
    created_at: usize,
    updated_at: usize,
}

impl ParticipantColumns {
    fn of(stmt: &rusqlite::Statement<'_>) -> rusqlite::Result<Self> {
        let at = |name: &str| stmt.column_index(name);
        Ok(ParticipantColumns {
            nik: at("nik")?,
            id: at("id")?,
            event_id: at("event_id")?,
            person_id: at("person_id")?,
            name: at("name")?,
            nip: at("nip")?,
            gender: at("gender")?,
            rank: at("rank")?,
            position: at("position")?,
            opd_id: at("opd_id")?,
            opd: at("opd")?,
            opd_short_name: at("opd_short_name")?,
            phone: at("phone")?,
            email: at("email")?,
            role: at("role")?,
            code: at("code")?,
            status: at("status")?,
            replaces_id: at("replaces_id")?,
            replaces_name: at("replaces_name")?,
            replaced_by_id: at("replaced_by_id")?,
            replaced_by_name: at("replaced_by_name")?,
            note: at("note")?,
            cancel_reason: at("cancel_reason")?,
            duty: at("duty")?,
            institution: at("institution")?,
            created_at: at("created_at")?,
            updated_at: at("updated_at")?,
        })
    }
}

/// One row of [`PARTICIPANT_COLUMNS`], each value read from its named column; the NIK
/// masked unless `reveal_nik`.
fn participant_from_row(
    r: &Row<'_>,
    c: &ParticipantColumns,
    reveal_nik: bool,
) -> rusqlite::Result<Participant> {
    let nik: Option<String> = r.get(c.nik)?;
    Ok(Participant {
        id: r.get(c.id)?,
        event_id: r.get(c.event_id)?,
        person_id: r.get(c.person_id)?,
        name: r.get(c.name)?,
        nip: r.get(c.nip)?,
        nik: if reveal_nik {
            nik
        } else {
            nik.map(|n| mask_nik(&n))
        },
        gender: r.get(c.gender)?,
        rank: r.get(c.rank)?,
        position: r.get(c.position)?,
        opd_id: r.get(c.opd_id)?,
        opd: r.get(c.opd)?,
        opd_short_name: r.get(c.opd_short_name)?,
        phone: r.get(c.phone)?,
        email: r.get(c.email)?,
        role: Role::stored(&r.get::<_, String>(c.role)?),
        code: r.get(c.code)?,
        status: RegistrationStatus::parse(&r.get::<_, String>(c.status)?)
            .unwrap_or(RegistrationStatus::Registered),
        replaces_id: r.get(c.replaces_id)?,
        replaces_name: r.get(c.replaces_name)?,
        replaced_by_id: r.get(c.replaced_by_id)?,
        replaced_by_name: r.get(c.replaced_by_name)?,
        note: r.get(c.note)?,
        cancel_reason: r.get(c.cancel_reason)?,
        duty: r.get(c.duty)?,
        institution: r.get(c.institution)?,
        created_at: r.get(c.created_at)?,
        updated_at: r.get(c.updated_at)?,
    })
}

/// The registered (not cancelled) people of an event in `role`.
pub fn registered(
    conn: &Connection,
    event_id: &str,
    role: &str,
) -> rusqlite::Result<Vec<crate::model::Participant>> {
    list_participants(
        conn,
        &ParticipantFilter {
            event_id,
            role: Some(role),
            status: Some("registered"),
            ..Default::default()
        },
    )
}

pub fn list_participants(
    conn: &Connection,
    f: &ParticipantFilter<'_>,
) -> rusqlite::Result<Vec<Participant>> {
    let terms = SearchTerms::of(f.query);
    let sql = match &terms {
        // One registration: found by its key, not among the event's.
        None if f.registration_id.is_some() => format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM registration r {PARTICIPANT_JOINS} \
             WHERE r.id = ?2 AND r.event_id = ?1 AND {} LIMIT coalesce(?9, -1)",
            participant_filters("r", "p")
        ),
        None => format!(
            "SELECT {PARTICIPANT_COLUMNS} FROM registration r {PARTICIPANT_JOINS} \
             WHERE r.event_id = ?1 AND {} \
             ORDER BY o.name_key IS NULL, o.name_key, p.name_key LIMIT coalesce(?9, -1)",
            participant_filters("r", "p")
        ),
        Some(terms) => participant_search_sql(terms, f.skip_opd_match),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let columns = ParticipantColumns::of(&stmt)?;
    let rows = stmt.query_map(
        params![
            f.event_id,
            f.registration_id,
            f.opd_id,
            f.role,
            f.status,
            terms.as_ref().map(|t| &t.pattern),
            terms.as_ref().and_then(|t| t.digits.as_ref()),
            terms.as_ref().map(|t| &t.code),
            f.limit
        ],
        |r| participant_from_row(r, &columns, f.reveal_nik),
    )?;
    rows.collect()
}

/// People across all events whose name, NIP or OPD matches `query`.
pub fn search_people(conn: &Connection, query: &str, limit: i64) -> rusqlite::Result<Vec<Person>> {
    let q = crate::validate::one_line(query);
    let pattern = format!("%{}%", like_escape(&q.to_lowercase()));
    let d: String = q.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = (d.len() >= 3).then(|| format!("%{d}%"));
    let use_index = uses_trigram_index(&q);
    let scan = (use_index && many_hits(conn, "name_key", &pattern)?)
        || match &digits {
            Some(d) => many_hits(conn, "nip", d)?,
            None => false,
        };
    let sql = if scan {
        // Many matches: walk people in name order and stop at the limit.
        "SELECT p.id, p.name, p.nip, p.nik, p.gender, p.rank, p.position, p.opd_id, o.name, \
         p.phone, p.email FROM person p INDEXED BY person_by_name_opd \
         LEFT JOIN opd o ON o.id = p.opd_id \
         WHERE p.name_key LIKE ?1 ESCAPE '\\' OR (?2 IS NOT NULL AND p.nip LIKE ?2) \
         ORDER BY p.name_key LIMIT ?3"
            .to_string()
    } else {
        let name_part = if use_index {
            "SELECT p2.id FROM person_fts f2 JOIN person p2 ON p2.rowid = f2.rowid \
             WHERE f2.name_key LIKE ?1"
        } else {
            "SELECT id FROM person WHERE name_key LIKE ?1 ESCAPE '\\'"
        };
        let nip_part = if digits.is_some() {
            " UNION SELECT p3.id FROM person_fts f3 JOIN person p3 ON p3.rowid = f3.rowid \
             WHERE f3.nip LIKE ?2"
        } else {
            ""
        };
        format!(
            "SELECT p.id, p.name, p.nip, p.nik, p.gender, p.rank, p.position, p.opd_id, o.name, \
             p.phone, p.email FROM person p LEFT JOIN opd o ON o.id = p.opd_id \
             WHERE p.id IN ({name_part}{nip_part}) AND (?2 IS NULL OR true) /* ?2 always bound */ \
             ORDER BY p.name_key LIMIT ?3"
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![pattern, digits, limit], |r| {
        let nik: Option<String> = r.get(3)?;
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            nip: r.get(2)?,
            nik: nik.map(|n| mask_nik(&n)),
            gender: r.get(4)?,
            rank: r.get(5)?,
            position: r.get(6)?,
            opd_id: r.get(7)?,
            opd: r.get(8)?,
            phone: r.get(9)?,
            email: r.get(10)?,
        })
    })?;
    rows.collect()
}

/// Pauses the person search index's triggers until the transaction ends (they check for
/// this settings row): for a preview that is rolled back anyway.
pub fn pause_search_index(conn: &Connection, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value, updated_at) VALUES ('search_index_paused', '1', ?1)",
    )?
    .execute([now])?;
    Ok(())
}

/// Ends [`pause_search_index`] inside the same transaction.
pub fn resume_search_index(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM settings WHERE key = 'search_index_paused'")?
        .execute([])?;
    Ok(())
}

/// A person's entry in the search index as it stands: what removing it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchEntry {
    rowid: i64,
    name_key: String,
    nip: Option<String>,
}

/// The search-index entry of person `id` as the row holds it now (read before a change
/// made while the index is paused).
pub fn search_entry(conn: &Connection, id: &str) -> rusqlite::Result<Option<SearchEntry>> {
    conn.prepare_cached("SELECT rowid, name_key, nip FROM person WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(SearchEntry {
                rowid: r.get(0)?,
                name_key: r.get(1)?,
                nip: r.get(2)?,
            })
        })
        .optional()
}

/// Brings people into the search index after changes made while it was paused: removes
/// each of `old` (entries they had) and adds the rows of `ids` as they are now. One
/// statement each: FTS5 writes its pending index out at every statement that touches it,
/// so one statement per person would cost a write per person.
pub fn reindex_people(
    conn: &Connection,
    old: &[SearchEntry],
    ids: &[String],
) -> rusqlite::Result<()> {
    if !old.is_empty() {
        let old: Vec<serde_json::Value> = old
            .iter()
            .map(|e| serde_json::json!([e.rowid, e.name_key, e.nip]))
            .collect();
        conn.prepare_cached(
            "INSERT INTO person_fts (person_fts, rowid, name_key, nip) \
             SELECT 'delete', value ->> 0, value ->> 1, value ->> 2 FROM json_each(?1)",
        )?
        .execute([serde_json::Value::from(old).to_string()])?;
    }
    if !ids.is_empty() {
        conn.prepare_cached(
            "INSERT INTO person_fts (rowid, name_key, nip) SELECT rowid, name_key, nip \
             FROM person WHERE id IN (SELECT value FROM json_each(?1))",
        )?
        .execute([serde_json::json!(ids).to_string()])?;
    }
    Ok(())
}

/// What an import that commits in chunks has written so far, to take back when a later
/// chunk fails, so the user sees all of the import or none of it.
#[derive(Debug, Default)]
pub struct ImportUndo {
    pub registrations: Vec<String>,
    pub people_created: Vec<String>,
    /// People the import updated, as they were before.
    pub people_before: Vec<PersonRow>,
    pub opds: Vec<String>,
}

impl ImportUndo {
    /// Nothing written yet: nothing to take back.
    pub fn is_empty(&self) -> bool {
        self.registrations.is_empty()
            && self.people_created.is_empty()
            && self.people_before.is_empty()
            && self.opds.is_empty()
    }
}

/// Takes back what an import wrote (see [`ImportUndo`]), newest first. A row that
/// something else refers to by now (a desk checked the new person in between two
/// chunks) stays; returns how many rows stayed.
pub fn undo_import(conn: &Connection, undo: &ImportUndo) -> rusqlite::Result<usize> {
    fn gone(r: rusqlite::Result<usize>) -> rusqlite::Result<bool> {
        match r {
            Ok(_) => Ok(true),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
    let mut stayed = 0;
    for id in undo.registrations.iter().rev() {
        let r = conn
            .prepare_cached("DELETE FROM registration WHERE id = ?1")?
            .execute([id]);
        stayed += usize::from(!gone(r)?);
    }
    for p in undo.people_before.iter().rev() {
        update_person(conn, p)?;
    }
    for id in undo.people_created.iter().rev() {
        let r = conn
            .prepare_cached("DELETE FROM person WHERE id = ?1")?
            .execute([id]);
        stayed += usize::from(!gone(r)?);
    }
    for id in undo.opds.iter().rev() {
        let r = conn
            .prepare_cached("DELETE FROM opd WHERE id = ?1")?
            .execute([id]);
        stayed += usize::from(!gone(r)?);
    }
    Ok(stayed)
}
