//! Forms participants fill in on their own phones (or a desk enters from paper): the
//! pre-test and post-test (one multiple-choice bank, shown shuffled, with a time limit),
//! the evaluation of the organizing (*evaluasi penyelenggaraan*: Likert items by aspect),
//! the evaluation of each session's narasumber, and free questions.
//!
//! - A form is made from a shipped template of its kind (sensible Indonesian defaults) and
//!   edited by the organizer; its questions are fixed once someone has answered.
//! - It is open while `opens_at <= now < closes_at` (local time): opened and closed now,
//!   or scheduled (the UI offers a session's start and end).
//! - One submission per person per form: a second one is refused or replaces the first,
//!   as the form says. The phone names each submission (`submission_id`): sent again after
//!   a dropped connection, it answers what the first one did and stores nothing twice.
//! - An anonymous form keeps no link from an answer to its person; `form_respondent`
//!   still counts who answered.
//! - A timed test records when the person opened it; an answer later than the limit and
//!   [`GRACE`] is refused.

pub mod bank;
pub mod docs;
pub mod paper;
pub mod results;
mod templates;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::agenda::EventArgs;
use crate::api::{Api, Caller, NoArgs, Role};
use crate::error::{ApiError, ErrorCode};
use crate::store::audit::Audit;
use crate::store::{self, forms as q};
use crate::tx::Tx;
use crate::validate::{self, Errors};

/// How long after a test's time limit its answers are still taken (a phone that lost
/// its connection at the last minute sends them when it is back).
pub const GRACE: chrono::Duration = chrono::Duration::minutes(5);
/// Questions in one form at most.
pub const MAX_QUESTIONS: usize = 200;
/// Options of one multiple-choice question at most.
pub const MAX_OPTIONS: usize = 8;
/// Characters of one free-text answer at most.
pub const MAX_TEXT: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Pretest,
    Posttest,
    Penyelenggaraan,
    Narasumber,
    Umum,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Pretest => "pretest",
            FormKind::Posttest => "posttest",
            FormKind::Penyelenggaraan => "penyelenggaraan",
            FormKind::Narasumber => "narasumber",
            FormKind::Umum => "umum",
        }
    }

    pub fn parse(s: &str) -> Option<FormKind> {
        Some(match s {
            "pretest" => FormKind::Pretest,
            "posttest" => FormKind::Posttest,
            "penyelenggaraan" => FormKind::Penyelenggaraan,
            "narasumber" => FormKind::Narasumber,
            "umum" => FormKind::Umum,
            _ => return None,
        })
    }

    /// A test (scored against right answers).
    pub fn is_test(self) -> bool {
        matches!(self, FormKind::Pretest | FormKind::Posttest)
    }

    pub fn label(self) -> &'static str {
        match self {
            FormKind::Pretest => "Pre-test",
            FormKind::Posttest => "Post-test",
            FormKind::Penyelenggaraan => "Evaluasi penyelenggaraan",
            FormKind::Narasumber => "Evaluasi narasumber",
            FormKind::Umum => "Pertanyaan umum",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Multiple choice (a test's questions have a right option).
    Choice,
    /// A Likert item on the form's scale (1–4 or 1–5).
    Likert,
    /// Free text.
    Text,
}

impl QuestionKind {
    fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Choice => "choice",
            QuestionKind::Likert => "likert",
            QuestionKind::Text => "text",
        }
    }

    fn parse(s: &str) -> QuestionKind {
        match s {
            "choice" => QuestionKind::Choice,
            "likert" => QuestionKind::Likert,
            _ => QuestionKind::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Resubmit {
    /// A second submission is refused.
    Refuse,
    /// A second submission replaces the first.
    Replace,
}

/// One question of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// The aspect a Likert item belongs to ("Persiapan", "Fasilitas" …).
    pub aspect: Option<String>,
    pub text: String,
    /// A multiple-choice question's options.
    pub options: Vec<String>,
    /// A test question's right option (its index in `options`).
    pub answer: Option<i64>,
}

/// A question as the organizer writes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct QuestionInput {
    pub kind: Option<QuestionKind>,
    pub aspect: Option<String>,
    #[serde(default)]
    pub text: String,
    pub options: Option<Vec<String>>,
    pub answer: Option<i64>,
}

/// A form with its questions, as the organizer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Form {
    pub id: String,
    pub event_id: String,
    pub kind: FormKind,
    pub title: String,
    pub session_id: Option<String>,
    /// The session's title, date and time ("Senin, 7 Desember 2026 · 09:00–10:30 …").
    pub session_label: Option<String>,
    /// The session's narasumber (a narasumber evaluation).
    pub speakers: Vec<String>,
    /// The form whose questions this one asks (a post-test: the pre-test).
    pub bank_form_id: Option<String>,
    pub anonymous: bool,
    pub resubmit: Resubmit,
    pub time_limit_min: Option<i64>,
    pub scale: i64,
    /// Local time `YYYY-MM-DDTHH:MM`.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    /// Open now.
    pub open: bool,
    pub questions: Vec<Question>,
    /// Submissions so far.
    pub responses: i64,
    /// Participants expected to answer (registered participants of the event).
    pub expected: i64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormIdArgs {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormCreateArgs {
    pub event_id: String,
    pub kind: FormKind,
    /// The session a narasumber evaluation is about (required for that kind).
    pub session_id: Option<String>,
    pub title: Option<String>,
}

/// `form_update`: the settings, and the questions when given (replacing them all).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormUpdateArgs {
    pub id: String,
    pub title: Option<String>,
    pub anonymous: Option<bool>,
    pub resubmit: Option<Resubmit>,
    /// Minutes; 0 removes the limit.
    pub time_limit_min: Option<i64>,
    pub scale: Option<i64>,
    pub questions: Option<Vec<QuestionInput>>,
}

/// `form_open`: open now (until closed) or close now.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormOpenArgs {
    pub id: String,
    pub open: bool,
}

/// `form_schedule`: when the form opens and closes (local `YYYY-MM-DDTHH:MM`); null
/// leaves it closed (opens) or open (closes) until changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormScheduleArgs {
    pub id: String,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
}

/// One answer: the option of a choice question (its index), the value of a Likert item,
/// or the text of a free question.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct AnswerInput {
    pub question_id: String,
    pub choice: Option<i64>,
    pub value: Option<i64>,
    pub text: Option<String>,
}

/// `me_form_submit`: the participant's answers to one form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SubmitArgs {
    pub form_id: String,
    /// Chosen by the phone for this submission (8–64 letters, digits, `-`): sent again,
    /// the same answer comes back and nothing is stored twice.
    pub submission_id: String,
    pub answers: Vec<AnswerInput>,
}

/// `form_entry`: a paper form entered for someone at a desk or by the organizer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EntryArgs {
    pub form_id: String,
    pub registration_id: String,
    pub submission_id: String,
    pub answers: Vec<AnswerInput>,
}

/// What a submission did.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Submitted {
    pub response_id: String,
    /// It replaced an earlier submission of this person.
    pub replaced: bool,
    /// The same submission had arrived before (a retry): nothing new was stored.
    pub repeated: bool,
    /// A test's right answers and questions.
    pub correct: Option<i64>,
    pub total: Option<i64>,
}

/// A form in the participant's list.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeForm {
    pub id: String,
    pub kind: FormKind,
    pub title: String,
    pub session_label: Option<String>,
    pub open: bool,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub answered: bool,
    /// A second submission would replace the first.
    pub can_change: bool,
    pub anonymous: bool,
    pub time_limit_min: Option<i64>,
    pub questions: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MeFormArgs {
    pub form_id: String,
}

/// An option as the phone shows it: in this person's shuffled order, with its index in
/// the form (what the answer names).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeOption {
    pub index: i64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub aspect: Option<String>,
    pub text: String,
    pub options: Vec<MeOption>,
}

/// `me_form_get`: one form to fill in.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeFormDetail {
    pub id: String,
    pub kind: FormKind,
    pub title: String,
    pub session_label: Option<String>,
    pub speakers: Vec<String>,
    pub anonymous: bool,
    pub scale: i64,
    pub open: bool,
    pub answered: bool,
    pub can_change: bool,
    pub time_limit_min: Option<i64>,
    /// When a timed test's answers must be in (UTC, RFC 3339); the clock starts at the
    /// first `me_form_get`.
    pub deadline: Option<String>,
    pub questions: Vec<MeQuestion>,
    /// This person's earlier answers, where they may change them.
    pub answers: Vec<AnswerInput>,
}

/// The letter of a choice's option as printed and imported: A, B, C …
pub(crate) fn option_letter(i: usize) -> char {
    (b'A' + i.min(25) as u8) as char
}

/// A figure with two decimals and a decimal comma, "—" for none: 75.5 → "75,50".
pub(crate) fn decimal2(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{v:.2}").replace('.', ","),
        None => "—".to_string(),
    }
}

/// The local time now as the forms keep it.
pub(crate) fn local_now() -> String {
    chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn is_open(f: &q::FormRow, now: &str) -> bool {
    f.opens_at.as_deref().is_some_and(|o| o <= now)
        && f.closes_at.as_deref().is_none_or(|c| now < c)
}

fn form_or_404(conn: &rusqlite::Connection, id: &str) -> Result<q::FormRow, ApiError> {
    q::get_form(conn, id)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "Formulir tidak ditemukan (id \"{}\").",
            validate::quote(id)
        ))
    })
}

fn kind_of(f: &q::FormRow) -> FormKind {
    FormKind::parse(&f.kind).unwrap_or(FormKind::Umum)
}

fn question_from(r: q::QuestionRow) -> Question {
    Question {
        id: r.id,
        kind: QuestionKind::parse(&r.kind),
        aspect: r.aspect,
        text: r.text,
        options: r
            .options
            .as_deref()
            .and_then(|o| serde_json::from_str(o).ok())
            .unwrap_or_default(),
        answer: r.answer,
    }
}

/// The questions a form asks: its own, or its bank's (a post-test).
pub(crate) fn questions_of(
    conn: &rusqlite::Connection,
    f: &q::FormRow,
) -> Result<Vec<Question>, ApiError> {
    let source = f.bank_form_id.as_deref().unwrap_or(&f.id);
    Ok(q::questions(conn, source)?
        .into_iter()
        .map(question_from)
        .collect())
}

/// "Senin, 7 Desember 2026 · 09:00–10:30 · Judul" and the narasumber of a session.
fn session_of(
    conn: &rusqlite::Connection,
    session_id: Option<&str>,
) -> Result<(Option<String>, Vec<String>), ApiError> {
    let Some(id) = session_id else {
        return Ok((None, Vec::new()));
    };
    let Some(s) = store::agenda::get_session(conn, id)? else {
        return Ok((None, Vec::new()));
    };
    let day = chrono::NaiveDate::parse_from_str(&s.date, "%Y-%m-%d")
        .map(crate::format::date_with_day)
        .unwrap_or(s.date.clone());
    Ok((
        Some(format!(
            "{day} · {}–{} · {}",
            s.start_time, s.end_time, s.title
        )),
        s.speakers.into_iter().map(|r| r.name).collect(),
    ))
}

/// Registered participants of the event: who is expected to answer.
pub(crate) fn expected_count(conn: &rusqlite::Connection, event_id: &str) -> Result<i64, ApiError> {
    Ok(store::forms::expected_participants(conn, event_id)?.len() as i64)
}

pub(crate) fn form_view(conn: &rusqlite::Connection, f: q::FormRow) -> Result<Form, ApiError> {
    let questions = questions_of(conn, &f)?;
    let (session_label, speakers) = session_of(conn, f.session_id.as_deref())?;
    let now = local_now();
    Ok(Form {
        open: is_open(&f, &now),
        kind: kind_of(&f),
        responses: q::response_count(conn, &f.id)?,
        expected: expected_count(conn, &f.event_id)?,
        questions,
        session_label,
        speakers,
        resubmit: if f.resubmit == "replace" {
            Resubmit::Replace
        } else {
            Resubmit::Refuse
        },
        id: f.id,
        event_id: f.event_id,
        title: f.title,
        session_id: f.session_id,
        bank_form_id: f.bank_form_id,
        anonymous: f.anonymous,
        time_limit_min: f.time_limit_min,
        scale: f.scale,
        opens_at: f.opens_at,
        closes_at: f.closes_at,
        created_at: f.created_at,
        updated_at: f.updated_at,
    })
}

/// Cleans and checks a form's questions for its kind; errors name the question
/// ("Pertanyaan 3: …") and its field.
fn clean_questions(
    kind: FormKind,
    input: Vec<QuestionInput>,
) -> Result<Vec<q::QuestionRow>, ApiError> {
    let mut e = Errors::default();
    if input.len() > MAX_QUESTIONS {
        return Err(ApiError::field(
            "questions",
            format!("Paling banyak {MAX_QUESTIONS} pertanyaan dalam satu formulir."),
        ));
    }
    let mut out = Vec::new();
    for (i, qi) in input.into_iter().enumerate() {
        let n = i + 1;
        let field = |f: &str| format!("questions[{i}].{f}");
        let default_kind = match kind {
            FormKind::Pretest | FormKind::Posttest => QuestionKind::Choice,
            FormKind::Penyelenggaraan | FormKind::Narasumber => QuestionKind::Likert,
            FormKind::Umum => QuestionKind::Text,
        };
        let qk = qi.kind.unwrap_or(default_kind);
        let text = validate::opt_text(Some(qi.text)).unwrap_or_default();
        if text.is_empty() {
            e.add(
                &field("text"),
                format!("Pertanyaan {n}: isi teks pertanyaannya."),
            );
        } else if text.chars().count() > 1000 {
            e.add(
                &field("text"),
                format!("Pertanyaan {n}: teks paling panjang 1.000 huruf."),
            );
        }
        if kind.is_test() && qk != QuestionKind::Choice {
            e.add(
                &field("kind"),
                format!("Pertanyaan {n}: soal pre-test/post-test harus pilihan ganda."),
            );
        }
        let options: Vec<String> = qi
            .options
            .unwrap_or_default()
            .into_iter()
            .map(|o| validate::one_line(&o))
            .filter(|o| !o.is_empty())
            .collect();
        let mut answer = None;
        if qk == QuestionKind::Choice {
            if options.len() < 2 {
                e.add(
                    &field("options"),
                    format!("Pertanyaan {n}: isi sedikitnya 2 pilihan jawaban."),
                );
            } else if options.len() > MAX_OPTIONS {
                e.add(
                    &field("options"),
                    format!("Pertanyaan {n}: paling banyak {MAX_OPTIONS} pilihan jawaban."),
                );
            }
            if kind.is_test() {
                match qi.answer {
                    Some(a) if a >= 0 && (a as usize) < options.len() => answer = Some(a),
                    Some(_) => e.add(
                        &field("answer"),
                        format!("Pertanyaan {n}: kunci jawaban bukan salah satu pilihan."),
                    ),
                    None => e.add(
                        &field("answer"),
                        format!("Pertanyaan {n}: tentukan kunci jawabannya."),
                    ),
                }
            }
        }
        out.push(q::QuestionRow {
            id: store::new_id(),
            ord: i as i64 + 1,
            kind: qk.as_str().to_string(),
            aspect: validate::opt_line(qi.aspect).filter(|_| qk == QuestionKind::Likert),
            text,
            options: (qk == QuestionKind::Choice)
                .then(|| serde_json::to_string(&options).unwrap_or_default()),
            answer,
        });
    }
    if !e.is_empty() {
        return Err(ApiError::validation(e.0));
    }
    Ok(out)
}

/// A local `YYYY-MM-DDTHH:MM` (a space instead of the `T`, and seconds, are accepted).
fn clean_time(field: &str, s: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(s) = s
        .map(|s| s.trim().replace(' ', "T"))
        .filter(|s| !s.is_empty())
    else {
        return Ok(None);
    };
    let parsed = chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"));
    match parsed {
        Ok(t) => Ok(Some(t.format("%Y-%m-%dT%H:%M").to_string())),
        Err(_) => Err(ApiError::field(
            field,
            format!(
                "Waktu \"{}\" tidak dikenali; tulis tanggal dan jam, misalnya 2026-12-07T09:00.",
                validate::quote(&s)
            ),
        )),
    }
}

impl Api {
    pub(crate) fn form_list(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<Vec<Form>, ApiError> {
        let conn = self.read();
        crate::agenda::event_or_404(&conn, &args.event_id)?;
        q::list_forms(&conn, &args.event_id)?
            .into_iter()
            .map(|f| form_view(&conn, f))
            .collect()
    }

    pub(crate) fn form_get(&self, _caller: &Caller, args: FormIdArgs) -> Result<Form, ApiError> {
        let conn = self.read();
        let f = form_or_404(&conn, &args.id)?;
        form_view(&conn, f)
    }
}

pub(crate) fn form_create(tx: &Tx, args: FormCreateArgs) -> Result<Form, ApiError> {
    let event = crate::agenda::event_or_404(tx, &args.event_id)?;
    let kind = args.kind;
    let mut session_id = None;
    if kind == FormKind::Narasumber {
        let Some(sid) = args.session_id.as_deref().filter(|s| !s.is_empty()) else {
            return Err(ApiError::field(
                "session_id",
                "Pilih sesi yang narasumbernya dievaluasi.",
            ));
        };
        match store::agenda::get_session(tx, sid)? {
            Some(s) if s.event_id == event.id => session_id = Some(s.id),
            _ => {
                return Err(ApiError::field(
                    "session_id",
                    "Sesi tidak ditemukan di agenda kegiatan ini.",
                ))
            }
        }
    }
    let existing = q::list_forms(tx, &event.id)?;
    let mut bank_form_id = None;
    match kind {
        FormKind::Pretest | FormKind::Posttest | FormKind::Penyelenggaraan => {
            if existing.iter().any(|f| f.kind == kind.as_str()) {
                return Err(ApiError::field(
                    "kind",
                    format!("Kegiatan ini sudah punya {}.", kind.label().to_lowercase()),
                )
                .with_code(ErrorCode::Conflict));
            }
        }
        FormKind::Narasumber => {
            if existing
                .iter()
                .any(|f| f.kind == kind.as_str() && f.session_id == session_id)
            {
                return Err(ApiError::field(
                    "session_id",
                    "Sesi ini sudah punya formulir evaluasi narasumber.",
                )
                .with_code(ErrorCode::Conflict));
            }
        }
        FormKind::Umum => {}
    }
    if kind == FormKind::Posttest {
        let Some(pre) = existing.iter().find(|f| f.kind == "pretest") else {
            return Err(ApiError::field(
                "kind",
                "Buat pre-test lebih dahulu: post-test memakai bank soal pre-test.",
            ));
        };
        bank_form_id = Some(pre.id.clone());
    }
    let now = store::now();
    let (title, scale) = {
        let (label, speakers) = session_of(tx, session_id.as_deref())?;
        let default = match (kind, label) {
            (FormKind::Narasumber, Some(_)) => {
                let s = store::agenda::get_session(tx, session_id.as_deref().unwrap_or(""))?
                    .map(|s| s.title)
                    .unwrap_or_default();
                if speakers.is_empty() {
                    format!("Evaluasi narasumber: {s}")
                } else {
                    format!("Evaluasi narasumber: {s} ({})", speakers.join(", "))
                }
            }
            _ => kind.label().to_string(),
        };
        (
            validate::opt_line(args.title)
                .unwrap_or(default)
                .chars()
                .take(200)
                .collect::<String>(),
            4,
        )
    };
    let row = q::FormRow {
        id: store::new_id(),
        event_id: event.id.clone(),
        kind: kind.as_str().to_string(),
        title,
        session_id,
        bank_form_id: bank_form_id.clone(),
        anonymous: matches!(kind, FormKind::Penyelenggaraan | FormKind::Narasumber),
        resubmit: if kind.is_test() { "refuse" } else { "replace" }.to_string(),
        time_limit_min: kind.is_test().then_some(15),
        scale,
        opens_at: None,
        closes_at: None,
        created_at: now.clone(),
        updated_at: now,
    };
    q::insert_form(tx, &row)?;
    if bank_form_id.is_none() {
        let questions = clean_questions(kind, templates::questions(kind))?;
        q::replace_questions(tx, &row.id, &questions)?;
    }
    tx.audit(
        Audit::Form,
        Some(&row.id),
        Some(&format!("create {}", row.kind)),
    )?;
    form_view(tx, row)
}

pub(crate) fn form_update(tx: &Tx, args: FormUpdateArgs) -> Result<Form, ApiError> {
    let mut f = form_or_404(tx, &args.id)?;
    let kind = kind_of(&f);
    if let Some(t) = args.title {
        let t = validate::one_line(&t);
        if t.is_empty() {
            return Err(ApiError::field("title", "Isi judul formulir."));
        }
        f.title = t.chars().take(200).collect();
    }
    if let Some(a) = args.anonymous {
        if a && kind.is_test() {
            return Err(ApiError::field(
                "anonymous",
                "Pre-test dan post-test tidak dapat anonim: nilainya dicocokkan per peserta.",
            ));
        }
        if a != f.anonymous && q::response_count(tx, &f.id)? > 0 {
            return Err(ApiError::field(
                "anonymous",
                "Sudah ada jawaban: formulir tidak dapat diubah menjadi anonim atau sebaliknya.",
            )
            .with_code(ErrorCode::Conflict));
        }
        f.anonymous = a;
    }
    if let Some(r) = args.resubmit {
        f.resubmit = match r {
            Resubmit::Refuse => "refuse",
            Resubmit::Replace => "replace",
        }
        .to_string();
    }
    if let Some(m) = args.time_limit_min {
        if !(0..=600).contains(&m) {
            return Err(ApiError::field(
                "time_limit_min",
                "Batas waktu 1–600 menit, atau 0 tanpa batas.",
            ));
        }
        f.time_limit_min = (m > 0).then_some(m);
    }
    if let Some(s) = args.scale {
        if s != 4 && s != 5 {
            return Err(ApiError::field("scale", "Skala penilaian 1–4 atau 1–5."));
        }
        if s != f.scale && q::response_count(tx, &f.id)? > 0 {
            return Err(ApiError::field(
                "scale",
                "Sudah ada jawaban: skala penilaian tidak dapat diubah lagi.",
            )
            .with_code(ErrorCode::Conflict));
        }
        f.scale = s;
    }
    if let Some(questions) = args.questions {
        if f.bank_form_id.is_some() {
            return Err(ApiError::field(
                "questions",
                "Post-test memakai bank soal pre-test: ubah soalnya di pre-test.",
            ));
        }
        let mut users = vec![f.id.clone()];
        users.extend(q::forms_using_bank(tx, &f.id)?);
        let answered: i64 = users
            .iter()
            .map(|id| q::response_count(tx, id))
            .sum::<rusqlite::Result<i64>>()?;
        if answered > 0 {
            return Err(ApiError::field(
                "questions",
                format!(
                    "Sudah ada {answered} jawaban: pertanyaan tidak dapat diubah lagi, agar hasilnya tetap dapat dibandingkan."
                ),
            )
            .with_code(ErrorCode::Conflict));
        }
        let rows = clean_questions(kind, questions)?;
        q::replace_questions(tx, &f.id, &rows)?;
    }
    f.updated_at = store::now();
    q::update_form(tx, &f)?;
    tx.audit(Audit::Form, Some(&f.id), Some("update"))?;
    form_view(tx, f)
}

pub(crate) fn form_open(tx: &Tx, args: FormOpenArgs) -> Result<Form, ApiError> {
    let mut f = form_or_404(tx, &args.id)?;
    if questions_of(tx, &f)?.is_empty() {
        return Err(ApiError::field(
            "id",
            "Formulir belum punya pertanyaan; tambahkan dulu sebelum dibuka.",
        ));
    }
    let now = local_now();
    if args.open {
        f.opens_at = Some(now);
        f.closes_at = None;
    } else if is_open(&f, &now) {
        f.closes_at = Some(now);
    } else if f.opens_at.as_deref().is_some_and(|o| o > now.as_str()) {
        // Scheduled and not yet open: closing drops the schedule.
        f.opens_at = None;
        f.closes_at = None;
    }
    f.updated_at = store::now();
    q::update_form(tx, &f)?;
    tx.audit(
        Audit::Form,
        Some(&f.id),
        Some(if args.open { "open" } else { "close" }),
    )?;
    form_view(tx, f)
}

pub(crate) fn form_schedule(tx: &Tx, args: FormScheduleArgs) -> Result<Form, ApiError> {
    let mut f = form_or_404(tx, &args.id)?;
    let opens = clean_time("opens_at", args.opens_at)?;
    let closes = clean_time("closes_at", args.closes_at)?;
    if let (Some(o), Some(c)) = (&opens, &closes) {
        if c <= o {
            return Err(ApiError::field(
                "closes_at",
                "Waktu tutup harus sesudah waktu buka.",
            ));
        }
    }
    if opens.is_some() && questions_of(tx, &f)?.is_empty() {
        return Err(ApiError::field(
            "opens_at",
            "Formulir belum punya pertanyaan; tambahkan dulu sebelum dijadwalkan.",
        ));
    }
    f.opens_at = opens;
    f.closes_at = closes;
    f.updated_at = store::now();
    q::update_form(tx, &f)?;
    tx.audit(Audit::Form, Some(&f.id), Some("schedule"))?;
    form_view(tx, f)
}

pub(crate) fn form_delete(tx: &Tx, args: FormIdArgs) -> Result<bool, ApiError> {
    let f = form_or_404(tx, &args.id)?;
    let n = q::response_count(tx, &f.id)?;
    if n > 0 {
        return Err(ApiError::field(
            "id",
            format!("Formulir ini sudah punya {n} jawaban dan tidak dapat dihapus."),
        )
        .with_code(ErrorCode::Conflict));
    }
    if !q::forms_using_bank(tx, &f.id)?.is_empty() {
        return Err(ApiError::field(
            "id",
            "Post-test memakai bank soal pre-test ini: hapus post-test lebih dahulu.",
        )
        .with_code(ErrorCode::Conflict));
    }
    q::delete_form(tx, &f.id)?;
    tx.audit(Audit::Form, Some(&f.id), Some("delete"))?;
    Ok(true)
}

/// A small deterministic shuffle for one person and one form (the same order each time
/// they open it): SplitMix64 from the SHA-256 of the two ids.
fn shuffled<T>(items: Vec<T>, seed_parts: &[&str]) -> Vec<T> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in seed_parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    let mut state = u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut items = items;
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items
}

/// The participant's registration (participant commands are run by participants only).
fn own(caller: &Caller) -> Result<&str, ApiError> {
    caller.registration_id.as_deref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Forbidden,
            "Perintah ini hanya untuk peserta yang masuk dengan kode kartunya.",
        )
    })
}

/// The event of a registration, and whether it is a participant (forms are theirs).
fn event_of_registration(
    conn: &rusqlite::Connection,
    registration_id: &str,
) -> Result<(String, bool), ApiError> {
    let p = crate::participants::participant_of(conn, registration_id)?;
    Ok((p.event_id, p.role == crate::model::Role::Participant))
}

/// A form of the caller's own event.
fn own_form(
    conn: &rusqlite::Connection,
    registration_id: &str,
    form_id: &str,
) -> Result<q::FormRow, ApiError> {
    let (event_id, _) = event_of_registration(conn, registration_id)?;
    match q::get_form(conn, form_id)? {
        Some(f) if f.event_id == event_id => Ok(f),
        _ => Err(ApiError::not_found("Formulir tidak ditemukan.")),
    }
}

impl Api {
    pub(crate) fn me_forms(&self, caller: &Caller, _args: NoArgs) -> Result<Vec<MeForm>, ApiError> {
        let id = own(caller)?;
        let conn = self.read();
        let (event_id, participant) = event_of_registration(&conn, id)?;
        if !participant {
            return Ok(Vec::new());
        }
        let now = local_now();
        let mut out = Vec::new();
        for f in q::list_forms(&conn, &event_id)? {
            let questions = questions_of(&conn, &f)?.len() as i64;
            if questions == 0 {
                continue;
            }
            let answered = q::respondent(&conn, &f.id, id)?.is_some_and(|(_, s)| s.is_some());
            let (session_label, _) = session_of(&conn, f.session_id.as_deref())?;
            out.push(MeForm {
                open: is_open(&f, &now),
                kind: kind_of(&f),
                can_change: f.resubmit == "replace" && !f.anonymous,
                session_label,
                answered,
                questions,
                id: f.id,
                title: f.title,
                opens_at: f.opens_at,
                closes_at: f.closes_at,
                anonymous: f.anonymous,
                time_limit_min: f.time_limit_min,
            });
        }
        Ok(out)
    }
}

fn deadline(started: Option<&str>, limit: Option<i64>) -> Option<chrono::DateTime<chrono::Utc>> {
    let start = chrono::DateTime::parse_from_rfc3339(started?).ok()?;
    Some(start.with_timezone(&chrono::Utc) + chrono::Duration::minutes(limit?))
}

/// `me_form_get`: one of the participant's forms, with its questions in their order; a
/// timed test's clock starts here. A write: it records the start.
pub(crate) fn me_form_get(tx: &Tx, args: MeFormArgs) -> Result<MeFormDetail, ApiError> {
    let id = own(tx.caller)?.to_string();
    let f = own_form(tx, &id, &args.form_id)?;
    let (_, participant) = event_of_registration(tx, &id)?;
    if !participant {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Formulir ini untuk peserta kegiatan.",
        ));
    }
    let now = local_now();
    let open = is_open(&f, &now);
    let kind = kind_of(&f);
    let mut respondent = q::respondent(tx, &f.id, &id)?;
    let answered = respondent.as_ref().is_some_and(|(_, s)| s.is_some());
    if open && !answered && f.time_limit_min.is_some() {
        q::mark_started(tx, &f.id, &id, &store::now())?;
        respondent = q::respondent(tx, &f.id, &id)?;
    }
    let started = respondent.and_then(|(s, _)| s);
    let mut questions: Vec<MeQuestion> = questions_of(tx, &f)?
        .into_iter()
        .map(|qq| {
            let options: Vec<MeOption> = qq
                .options
                .iter()
                .enumerate()
                .map(|(i, t)| MeOption {
                    index: i as i64,
                    text: t.clone(),
                })
                .collect();
            MeQuestion {
                options: if kind.is_test() {
                    shuffled(options, &[&f.id, &id, &qq.id])
                } else {
                    options
                },
                id: qq.id,
                kind: qq.kind,
                aspect: qq.aspect,
                text: qq.text,
            }
        })
        .collect();
    if kind.is_test() {
        questions = shuffled(questions, &[&f.id, &id]);
    }
    let can_change = f.resubmit == "replace" && !f.anonymous;
    let answers = if can_change {
        match q::response_of(tx, &f.id, &id)? {
            Some(r) => q::response_answers(tx, &r.id)?
                .into_iter()
                .map(|a| AnswerInput {
                    question_id: a.question_id,
                    choice: a.choice,
                    value: a.value,
                    text: a.text,
                })
                .collect(),
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let (session_label, speakers) = session_of(tx, f.session_id.as_deref())?;
    Ok(MeFormDetail {
        deadline: deadline(started.as_deref(), f.time_limit_min)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        id: f.id,
        kind,
        title: f.title,
        session_label,
        speakers,
        anonymous: f.anonymous,
        scale: f.scale,
        open,
        answered,
        can_change,
        time_limit_min: f.time_limit_min,
        questions,
        answers,
    })
}

fn check_submission_id(s: &str) -> Result<(), ApiError> {
    let ok =
        (8..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::field(
            "submission_id",
            "Kode pengiriman tidak valid (8–64 huruf, angka atau tanda hubung).",
        ))
    }
}

/// A test's right answers and its questions.
type Score = Option<(i64, i64)>;

/// Checks every answer against the form's questions; errors name the question's number.
fn clean_answers(
    f: &q::FormRow,
    questions: &[Question],
    answers: Vec<AnswerInput>,
) -> Result<(Vec<AnswerInput>, Score), ApiError> {
    let mut e = Errors::default();
    let mut by_id: HashMap<String, AnswerInput> = HashMap::new();
    for a in answers {
        if !questions.iter().any(|qq| qq.id == a.question_id) {
            return Err(ApiError::field(
                "answers",
                "Ada jawaban untuk pertanyaan yang tidak ada di formulir ini; muat ulang formulirnya.",
            ));
        }
        by_id.insert(a.question_id.clone(), a);
    }
    let mut out = Vec::new();
    let mut correct = 0;
    for (i, qq) in questions.iter().enumerate() {
        let n = i + 1;
        let field = format!("answers.{}", qq.id);
        let a = by_id.remove(&qq.id);
        match qq.kind {
            QuestionKind::Choice => {
                match a.as_ref().and_then(|a| a.choice) {
                    Some(c) if c >= 0 && (c as usize) < qq.options.len() => {
                        if qq.answer == Some(c) {
                            correct += 1;
                        }
                        out.push(AnswerInput {
                            question_id: qq.id.clone(),
                            choice: Some(c),
                            value: None,
                            text: None,
                        });
                    }
                    Some(_) => e.add(&field, format!("Pertanyaan {n}: pilihan tidak dikenal.")),
                    // A test question left open counts as wrong; other choices must be made.
                    None if kind_of(f).is_test() => {}
                    None => e.add(&field, format!("Pertanyaan {n} belum dijawab.")),
                }
            }
            QuestionKind::Likert => match a.as_ref().and_then(|a| a.value) {
                Some(v) if (1..=f.scale).contains(&v) => out.push(AnswerInput {
                    question_id: qq.id.clone(),
                    choice: None,
                    value: Some(v),
                    text: None,
                }),
                Some(_) => e.add(
                    &field,
                    format!("Pertanyaan {n}: nilai harus 1–{}.", f.scale),
                ),
                None => e.add(&field, format!("Pertanyaan {n} belum dinilai.")),
            },
            QuestionKind::Text => {
                if let Some(t) = validate::opt_text(a.and_then(|a| a.text)) {
                    if t.chars().count() > MAX_TEXT {
                        e.add(
                            &field,
                            format!("Pertanyaan {n}: jawaban paling panjang {MAX_TEXT} huruf."),
                        );
                    } else {
                        out.push(AnswerInput {
                            question_id: qq.id.clone(),
                            choice: None,
                            value: None,
                            text: Some(t),
                        });
                    }
                }
            }
        }
    }
    if !e.is_empty() {
        return Err(ApiError::validation(e.0));
    }
    let score = kind_of(f)
        .is_test()
        .then_some((correct, questions.len() as i64));
    Ok((out, score))
}

/// Stores one person's submission of a form (a phone's, or a paper form entered by
/// `entered_by`).
fn submit(
    tx: &Tx,
    f: &q::FormRow,
    registration_id: &str,
    submission_id: &str,
    answers: Vec<AnswerInput>,
    entered_by: Option<&str>,
) -> Result<Submitted, ApiError> {
    check_submission_id(submission_id)?;
    if let Some(r) = q::response_by_submission(tx, submission_id)? {
        let same = r.form_id == f.id
            && (r.registration_id.as_deref() == Some(registration_id)
                || (r.registration_id.is_none()
                    && q::respondent(tx, &f.id, registration_id)?
                        .is_some_and(|(_, s)| s.is_some())));
        if !same {
            return Err(ApiError::field(
                "submission_id",
                "Kode pengiriman ini sudah dipakai; muat ulang formulirnya.",
            )
            .with_code(ErrorCode::Conflict));
        }
        return Ok(Submitted {
            response_id: r.id,
            replaced: false,
            repeated: true,
            correct: r.correct,
            total: r.total,
        });
    }
    let questions = questions_of(tx, f)?;
    let (answers, score) = clean_answers(f, &questions, answers)?;
    let answered = q::respondent(tx, &f.id, registration_id)?;
    let mut replaced = false;
    if answered.as_ref().is_some_and(|(_, s)| s.is_some()) {
        if f.resubmit != "replace" || f.anonymous {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "Anda sudah mengisi formulir ini; jawaban hanya dapat dikirim sekali.",
            ));
        }
        if let Some(old) = q::response_of(tx, &f.id, registration_id)? {
            q::delete_response(tx, &old.id)?;
            replaced = true;
        }
    }
    if entered_by.is_none() {
        if let Some(limit) = f.time_limit_min {
            let started = answered.and_then(|(s, _)| s);
            if let Some(d) = deadline(started.as_deref(), Some(limit)) {
                if chrono::Utc::now() > d + GRACE {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "Waktu mengerjakan ({limit} menit) sudah habis; jawaban tidak dapat dikirim lagi. Hubungi panitia."
                        ),
                    ));
                }
            }
        }
    }
    let now = store::now();
    let response = q::ResponseRow {
        id: store::new_id(),
        form_id: f.id.clone(),
        registration_id: (!f.anonymous).then(|| registration_id.to_string()),
        submission_id: submission_id.to_string(),
        submitted_at: now.clone(),
        entered_by: entered_by.map(str::to_string),
        correct: score.map(|s| s.0),
        total: score.map(|s| s.1),
    };
    q::insert_response(tx, &response)?;
    for a in answers {
        q::insert_answer(
            tx,
            &q::AnswerRow {
                response_id: response.id.clone(),
                question_id: a.question_id,
                choice: a.choice,
                value: a.value,
                text: a.text,
            },
        )?;
    }
    q::mark_submitted(tx, &f.id, registration_id, &now)?;
    Ok(Submitted {
        response_id: response.id,
        replaced,
        repeated: false,
        correct: response.correct,
        total: response.total,
    })
}

pub(crate) fn me_form_submit(tx: &Tx, args: SubmitArgs) -> Result<Submitted, ApiError> {
    let id = own(tx.caller)?.to_string();
    let f = own_form(tx, &id, &args.form_id)?;
    let (_, participant) = event_of_registration(tx, &id)?;
    if !participant {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Formulir ini untuk peserta kegiatan.",
        ));
    }
    // A retry of a submission that was stored answers as before, even after closing.
    if let Some(r) = q::response_by_submission(tx, &args.submission_id)? {
        if r.form_id == f.id {
            return submit(tx, &f, &id, &args.submission_id, args.answers, None);
        }
    }
    if !is_open(&f, &local_now()) {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "Formulir ini sedang ditutup panitia; jawaban tidak dapat dikirim.",
        ));
    }
    submit(tx, &f, &id, &args.submission_id, args.answers, None)
}

/// `form_entry`: a paper form typed in at a desk or by the organizer, open or not.
pub(crate) fn form_entry(tx: &Tx, args: EntryArgs) -> Result<Submitted, ApiError> {
    let f = form_or_404(tx, &args.form_id)?;
    let p = crate::participants::participant_of(tx, &args.registration_id)?;
    if p.event_id != f.event_id {
        return Err(ApiError::field(
            "registration_id",
            "Peserta ini tidak terdaftar di kegiatan formulir ini.",
        ));
    }
    if p.status != crate::model::RegistrationStatus::Registered {
        return Err(ApiError::field(
            "registration_id",
            "Pendaftaran peserta ini dibatalkan atau digantikan.",
        ));
    }
    let by = match tx.caller.role {
        Role::Desk => tx.caller.actor.clone(),
        _ => format!("panitia ({})", tx.caller.actor),
    };
    let out = submit(
        tx,
        &f,
        &args.registration_id,
        &args.submission_id,
        args.answers,
        Some(&by),
    )?;
    if !out.repeated {
        tx.audit(
            Audit::FormEntry,
            Some(&args.registration_id),
            Some(&f.title),
        )?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shuffle_is_the_same_for_one_person_and_differs_between_people() {
        let items: Vec<i32> = (0..20).collect();
        let a = shuffled(items.clone(), &["form", "sri"]);
        assert_eq!(a, shuffled(items.clone(), &["form", "sri"]));
        assert_ne!(a, shuffled(items.clone(), &["form", "budi"]));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, items);
    }

    #[test]
    fn times_are_read_as_typed() {
        assert_eq!(
            clean_time("t", Some("2026-12-07 09:00".into())).expect("ok"),
            Some("2026-12-07T09:00".into())
        );
        assert_eq!(
            clean_time("t", Some("2026-12-07T09:00:30".into())).expect("ok"),
            Some("2026-12-07T09:00".into())
        );
        assert_eq!(clean_time("t", Some(" ".into())).expect("ok"), None);
        assert!(clean_time("t", Some("besok pagi".into())).is_err());
    }
}
