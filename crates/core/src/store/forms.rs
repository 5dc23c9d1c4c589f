//! Queries of the forms (`form`, `form_question`), their submissions (`form_response`,
//! `form_answer`) and who answered or started them (`form_respondent`).

use rusqlite::{params, Connection, OptionalExtension, Row};

/// A form as stored.
#[derive(Debug, Clone)]
pub struct FormRow {
    pub id: String,
    pub event_id: String,
    pub kind: String,
    pub title: String,
    pub session_id: Option<String>,
    pub bank_form_id: Option<String>,
    pub anonymous: bool,
    pub resubmit: String,
    pub time_limit_min: Option<i64>,
    pub scale: i64,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const FORM_COLUMNS: &str = "id, event_id, kind, title, session_id, bank_form_id, anonymous, \
    resubmit, time_limit_min, scale, opens_at, closes_at, created_at, updated_at";

fn form_from(r: &Row<'_>) -> rusqlite::Result<FormRow> {
    Ok(FormRow {
        id: r.get(0)?,
        event_id: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        session_id: r.get(4)?,
        bank_form_id: r.get(5)?,
        anonymous: r.get(6)?,
        resubmit: r.get(7)?,
        time_limit_min: r.get(8)?,
        scale: r.get(9)?,
        opens_at: r.get(10)?,
        closes_at: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

pub fn get_form(conn: &Connection, id: &str) -> rusqlite::Result<Option<FormRow>> {
    conn.prepare_cached(&format!("SELECT {FORM_COLUMNS} FROM form WHERE id = ?1"))?
        .query_row(params![id], form_from)
        .optional()
}

/// The event's forms: tests first, then the evaluations, each in the order made.
pub fn list_forms(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<FormRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {FORM_COLUMNS} FROM form WHERE event_id = ?1 ORDER BY \
         CASE kind WHEN 'pretest' THEN 0 WHEN 'posttest' THEN 1 WHEN 'penyelenggaraan' THEN 2 \
         WHEN 'narasumber' THEN 3 ELSE 4 END, created_at, id"
    ))?;
    let rows = stmt.query_map(params![event_id], form_from)?;
    rows.collect()
}

pub fn insert_form(conn: &Connection, f: &FormRow) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO form ({FORM_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    ))?
    .execute(params![
        f.id,
        f.event_id,
        f.kind,
        f.title,
        f.session_id,
        f.bank_form_id,
        f.anonymous,
        f.resubmit,
        f.time_limit_min,
        f.scale,
        f.opens_at,
        f.closes_at,
        f.created_at,
        f.updated_at
    ])?;
    Ok(())
}

/// Saves what the organizer may change of a form.
pub fn update_form(conn: &Connection, f: &FormRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE form SET title = ?2, anonymous = ?3, resubmit = ?4, time_limit_min = ?5, \
         scale = ?6, opens_at = ?7, closes_at = ?8, updated_at = ?9 WHERE id = ?1",
    )?
    .execute(params![
        f.id,
        f.title,
        f.anonymous,
        f.resubmit,
        f.time_limit_min,
        f.scale,
        f.opens_at,
        f.closes_at,
        f.updated_at
    ])?;
    Ok(())
}

/// Deletes a form with its questions (a form without answers).
pub fn delete_form(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM form_respondent WHERE form_id = ?1")?
        .execute(params![id])?;
    conn.prepare_cached("DELETE FROM form_question WHERE form_id = ?1")?
        .execute(params![id])?;
    conn.prepare_cached("DELETE FROM form WHERE id = ?1")?
        .execute(params![id])?;
    Ok(())
}

/// Forms whose questions are those of `bank_form_id` (the post-test of a pre-test).
pub fn forms_using_bank(conn: &Connection, bank_form_id: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM form WHERE bank_form_id = ?1")?;
    let rows = stmt.query_map(params![bank_form_id], |r| r.get(0))?;
    rows.collect()
}

/// A question as stored (`options` parsed by the caller).
#[derive(Debug, Clone)]
pub struct QuestionRow {
    pub id: String,
    pub ord: i64,
    pub kind: String,
    pub aspect: Option<String>,
    pub text: String,
    pub options: Option<String>,
    pub answer: Option<i64>,
}

pub fn questions(conn: &Connection, form_id: &str) -> rusqlite::Result<Vec<QuestionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, ord, kind, aspect, text, options, answer FROM form_question \
         WHERE form_id = ?1 ORDER BY ord",
    )?;
    let rows = stmt.query_map(params![form_id], |r| {
        Ok(QuestionRow {
            id: r.get(0)?,
            ord: r.get(1)?,
            kind: r.get(2)?,
            aspect: r.get(3)?,
            text: r.get(4)?,
            options: r.get(5)?,
            answer: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// Replaces a form's questions.
pub fn replace_questions(
    conn: &Connection,
    form_id: &str,
    questions: &[QuestionRow],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM form_question WHERE form_id = ?1")?
        .execute(params![form_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO form_question (id, form_id, ord, kind, aspect, text, options, answer) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for q in questions {
        insert.execute(params![
            q.id, form_id, q.ord, q.kind, q.aspect, q.text, q.options, q.answer
        ])?;
    }
    Ok(())
}

/// How many submissions a form has.
pub fn response_count(conn: &Connection, form_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT count(*) FROM form_response WHERE form_id = ?1")?
        .query_row(params![form_id], |r| r.get(0))
}

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: String,
    pub form_id: String,
    pub registration_id: Option<String>,
    pub submission_id: String,
    pub submitted_at: String,
    pub entered_by: Option<String>,
    pub correct: Option<i64>,
    pub total: Option<i64>,
}

const RESPONSE_COLUMNS: &str =
    "id, form_id, registration_id, submission_id, submitted_at, entered_by, correct, total";

fn response_from(r: &Row<'_>) -> rusqlite::Result<ResponseRow> {
    Ok(ResponseRow {
        id: r.get(0)?,
        form_id: r.get(1)?,
        registration_id: r.get(2)?,
        submission_id: r.get(3)?,
        submitted_at: r.get(4)?,
        entered_by: r.get(5)?,
        correct: r.get(6)?,
        total: r.get(7)?,
    })
}

pub fn response_by_submission(
    conn: &Connection,
    submission_id: &str,
) -> rusqlite::Result<Option<ResponseRow>> {
    conn.prepare_cached(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM form_response WHERE submission_id = ?1"
    ))?
    .query_row(params![submission_id], response_from)
    .optional()
}

pub fn response_of(
    conn: &Connection,
    form_id: &str,
    registration_id: &str,
) -> rusqlite::Result<Option<ResponseRow>> {
    conn.prepare_cached(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM form_response WHERE form_id = ?1 AND registration_id = ?2"
    ))?
    .query_row(params![form_id, registration_id], response_from)
    .optional()
}

pub fn responses(conn: &Connection, form_id: &str) -> rusqlite::Result<Vec<ResponseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM form_response WHERE form_id = ?1 ORDER BY submitted_at, id"
    ))?;
    let rows = stmt.query_map(params![form_id], response_from)?;
    rows.collect()
}

pub fn insert_response(conn: &Connection, r: &ResponseRow) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO form_response ({RESPONSE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(params![
        r.id,
        r.form_id,
        r.registration_id,
        r.submission_id,
        r.submitted_at,
        r.entered_by,
        r.correct,
        r.total
    ])?;
    Ok(())
}

pub fn delete_response(conn: &Connection, id: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM form_answer WHERE response_id = ?1")?
        .execute(params![id])?;
    conn.prepare_cached("DELETE FROM form_response WHERE id = ?1")?
        .execute(params![id])?;
    Ok(())
}

/// One answer as stored.
#[derive(Debug, Clone)]
pub struct AnswerRow {
    pub response_id: String,
    pub question_id: String,
    pub choice: Option<i64>,
    pub value: Option<i64>,
    pub text: Option<String>,
}

/// An answer from a row of `response_id, question_id, choice, value, text`.
fn answer_from(r: &Row<'_>) -> rusqlite::Result<AnswerRow> {
    Ok(AnswerRow {
        response_id: r.get(0)?,
        question_id: r.get(1)?,
        choice: r.get(2)?,
        value: r.get(3)?,
        text: r.get(4)?,
    })
}

pub fn insert_answer(conn: &Connection, a: &AnswerRow) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO form_answer (response_id, question_id, choice, value, text) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        a.response_id,
        a.question_id,
        a.choice,
        a.value,
        a.text
    ])?;
    Ok(())
}

/// Every answer to a form's submissions.
pub fn answers(conn: &Connection, form_id: &str) -> rusqlite::Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.response_id, a.question_id, a.choice, a.value, a.text FROM form_answer a \
         JOIN form_response r ON r.id = a.response_id WHERE r.form_id = ?1",
    )?;
    let rows = stmt.query_map(params![form_id], answer_from)?;
    rows.collect()
}

pub fn response_answers(conn: &Connection, response_id: &str) -> rusqlite::Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT response_id, question_id, choice, value, text FROM form_answer WHERE response_id = ?1",
    )?;
    let rows = stmt.query_map(params![response_id], answer_from)?;
    rows.collect()
}

/// `(started_at, submitted_at)` of a person on a form.
pub fn respondent(
    conn: &Connection,
    form_id: &str,
    registration_id: &str,
) -> rusqlite::Result<Option<(Option<String>, Option<String>)>> {
    conn.prepare_cached(
        "SELECT started_at, submitted_at FROM form_respondent WHERE form_id = ?1 AND registration_id = ?2",
    )?
    .query_row(params![form_id, registration_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// Records that a person started a timed form (the first start counts).
pub fn mark_started(
    conn: &Connection,
    form_id: &str,
    registration_id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO form_respondent (form_id, registration_id, started_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (form_id, registration_id) DO UPDATE SET \
         started_at = coalesce(form_respondent.started_at, excluded.started_at)",
    )?
    .execute(params![form_id, registration_id, now])?;
    Ok(())
}

/// Records that a person answered a form.
pub fn mark_submitted(
    conn: &Connection,
    form_id: &str,
    registration_id: &str,
    now: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO form_respondent (form_id, registration_id, submitted_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (form_id, registration_id) DO UPDATE SET submitted_at = excluded.submitted_at",
    )?
    .execute(params![form_id, registration_id, now])?;
    Ok(())
}

/// The registrations that have answered a form (by `form_respondent`, so anonymous forms
/// count too).
pub fn answered(conn: &Connection, form_id: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT registration_id FROM form_respondent WHERE form_id = ?1 AND submitted_at IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![form_id], |r| r.get(0))?;
    rows.collect()
}

/// A registered participant of an event, as the results list who has not answered.
#[derive(Debug, Clone)]
pub struct Expected {
    pub registration_id: String,
    pub name: String,
    pub opd: Option<String>,
}

/// The event's registered participants (role participant, standing), by OPD and name.
pub fn expected_participants(conn: &Connection, event_id: &str) -> rusqlite::Result<Vec<Expected>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, p.name, coalesce(o.name, p.institution) FROM registration r \
         JOIN person p ON p.id = r.person_id LEFT JOIN opd o ON o.id = p.opd_id \
         WHERE r.event_id = ?1 AND r.status = 'registered' AND r.role = 'participant' \
         ORDER BY coalesce(o.name, p.institution, 'zzz'), p.name_key",
    )?;
    let rows = stmt.query_map(params![event_id], |r| {
        Ok(Expected {
            registration_id: r.get(0)?,
            name: r.get(1)?,
            opd: r.get(2)?,
        })
    })?;
    rows.collect()
}
