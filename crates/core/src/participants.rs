//! Use-cases of registration: OPDs, quotas, people and their registrations in an event
//! (add, edit, cancel, substitute, list, search). The import builds on the same pieces.

use crate::store::audit::Audit;
use crate::tx::Tx;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::ids::{self, Gender};
use crate::model::{Opd, Participant, Person, QuotaRow, Role};
use crate::opd_match;
use crate::store::people::{self as pq, ParticipantFilter, PersonRow, RegistrationRow};
use crate::store::{self, events as eq, opd as oq};
use crate::validate::{self, Errors};
use rusqlite::Connection;

/// A person's fields as a form, the CLI or an import row gives them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PersonInput {
    pub name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    /// `L`/`P` or the words for them.
    pub gender: Option<String>,
    /// Pangkat/golongan, e.g. "Penata Muda / III/a".
    pub rank: Option<String>,
    /// Jabatan.
    pub position: Option<String>,
    /// The OPD by name, short name, alias or a well-known abbreviation (see
    /// [`crate::opd_match`]); a name that matches none is refused unless the arguments
    /// confirm creating it (`create_opd`).
    pub opd: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Validated person fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CleanPerson {
    pub name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub gender: Option<Gender>,
    pub rank: Option<String>,
    pub position: Option<String>,
    pub opd: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An institution outside the OPD list (speakers); kept when `None`.
    pub institution: Option<String>,
}

pub const MAX_NAME: usize = 200;

/// Cleans and validates one person. Field errors go to `errors`, notes that do not stop
/// the row (a gender that contradicts the NIP) to `warnings`.
pub(crate) fn clean_person(
    input: PersonInput,
    errors: &mut Errors,
    warnings: &mut Errors,
) -> Option<CleanPerson> {
    let name = validate::one_line(&input.name);
    if name.is_empty() {
        errors.add("name", "Nama wajib diisi.");
    } else if validate::has_control(&name) {
        errors.add("name", validate::control_message("Nama"));
    } else if name.chars().count() > MAX_NAME {
        errors.add(
            "name",
            format!("Nama terlalu panjang (paling banyak {MAX_NAME} karakter)."),
        );
    }
    let present = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    // A dash or "tidak ada" where an NIP/NIK would be: none (a non-ASN participant).
    let id_cell = |v: Option<String>| present(v).filter(|s| !ids::is_placeholder(s));

    let nip = match id_cell(input.nip) {
        Some(s) => match ids::parse_nip(&s) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.add("nip", e);
                None
            }
        },
        None => None,
    };
    let nik = match id_cell(input.nik) {
        Some(s) => match ids::parse_nik(&s) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.add("nik", e);
                None
            }
        },
        None => None,
    };
    let mut gender = match present(input.gender) {
        Some(s) => match ids::parse_gender(&s) {
            Ok(g) => Some(g),
            Err(e) => {
                errors.add("gender", e);
                None
            }
        },
        None => None,
    };
    if let Some(n) = &nip {
        match gender {
            Some(g) if g != n.gender => warnings.add(
                "gender",
                format!(
                    "Jenis kelamin {} tidak sesuai dengan NIP (menunjukkan {}); periksa kembali.",
                    g.as_str(),
                    n.gender.word()
                ),
            ),
            None => gender = Some(n.gender),
            _ => {}
        }
    } else if let (None, Some(k)) = (gender, &nik) {
        gender = Some(k.gender);
    }
    let phone = match present(input.phone) {
        Some(s) => match ids::parse_phone(&s) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.add("phone", e);
                None
            }
        },
        None => None,
    };
    let email = match present(input.email) {
        Some(s) => match ids::parse_email(&s) {
            Ok(e) => Some(e),
            Err(e) => {
                errors.add("email", e);
                None
            }
        },
        None => None,
    };
    let rank = validate::opt_line(input.rank);
    let position = validate::opt_line(input.position);
    let opd = validate::opt_line(input.opd);
    for (field, label, v) in [
        ("rank", "Pangkat/golongan", &rank),
        ("position", "Jabatan", &position),
        ("opd", "OPD", &opd),
    ] {
        validate::text(errors, field, label, v.as_deref(), validate::MAX_LINE);
    }
    if !errors.is_empty() {
        return None;
    }
    Some(CleanPerson {
        name,
        nip: nip.map(|n| n.digits),
        nik: nik.map(|n| n.digits),
        gender,
        rank,
        position,
        opd,
        phone,
        email,
        institution: None,
    })
}

/// Whether an upsert created, changed or left a row alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Finds the OPD someone typed or a list names, with the one matcher
/// ([`crate::opd_match`]): its name, short name, an alias or a well-known abbreviation of
/// exactly one OPD. Several candidates are refused (the person chooses); a name that
/// matches none is created only when `create` (the form's confirmation, an import),
/// with its well-known short name, and refused otherwise. Returns the id and whether it
/// was created.
pub(crate) fn resolve_opd(
    conn: &Connection,
    name: &str,
    create: bool,
    now: &str,
) -> Result<(String, bool), ApiError> {
    match match_opd(name, &oq::list_opds(conn)?, create)? {
        OpdFound::Existing(id) => Ok((id, false)),
        OpdFound::New => {
            let id = store::new_id();
            let short =
                new_opd_short_name(name, |key| Ok(oq::find_opd_by_key(conn, key)?.is_some()))?;
            oq::insert_opd(conn, &id, name, short, now)?;
            if let Some(short) = short {
                oq::insert_alias(conn, &id, short, now)?;
            }
            Ok((id, true))
        }
    }
}

/// What [`match_opd`] found for a name.
pub(crate) enum OpdFound {
    Existing(String),
    /// No OPD: one of this name is to be created.
    New,
}

/// The matching of [`resolve_opd`] against a list of OPDs, without writing: the one OPD
/// the name means, or (when `create`) that a new one is to be made; otherwise the error
/// the person sees.
pub(crate) fn match_opd(name: &str, opds: &[Opd], create: bool) -> Result<OpdFound, ApiError> {
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match opd_match::resolve(name, opds) {
        opd_match::Resolved::One(id) => Ok(OpdFound::Existing(id)),
        opd_match::Resolved::Several(names) => Err(ApiError::field(
            "opd",
            format!(
                "OPD \"{}\" cocok dengan beberapa OPD: {}. Pilih salah satu.",
                validate::quote(name),
                list(&names)
            ),
        )),
        opd_match::Resolved::Unknown(_) if create => Ok(OpdFound::New),
        opd_match::Resolved::Unknown(near) => {
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" Mungkin maksudnya: {}.", list(&near))
            };
            Err(ApiError::field(
                "opd",
                format!(
                    "OPD \"{}\" belum terdaftar.{hint} Tambahkan sebagai OPD baru?",
                    validate::quote(name)
                ),
            ))
        }
    }
}

/// The short name a new OPD `name` gets: "Dinas Sosial" gets "Dinsos", unless another
/// OPD already goes by it (`taken` answers for a name key).
pub(crate) fn new_opd_short_name(
    name: &str,
    taken: impl Fn(&str) -> rusqlite::Result<bool>,
) -> rusqlite::Result<Option<&'static str>> {
    Ok(match opd_match::known_short_name(name) {
        Some(s) if !taken(&oq::opd_key(s))? => Some(s),
        _ => None,
    })
}

/// Refuses an NIP (`column = "nip"`) or NIK that belongs to someone other than
/// `person_id`: an ID number identifies one person only.
fn ensure_id_number_free(
    people: &impl FindPeople,
    label: &str,
    column: &str,
    value: &str,
    person_id: Option<&str>,
) -> Result<(), ApiError> {
    match people.person_by_id_number(column, value)? {
        Some(owner) if Some(owner.id.as_str()) != person_id => Err(ApiError::field(
            column,
            format!("{label} ini sudah dipakai oleh {} (data lain).", owner.name),
        )
        .with_code(ErrorCode::Conflict)),
        _ => Ok(()),
    }
}

/// Where people are looked up: the database itself, or an import preview's view of it
/// (the database plus what the rows before have done).
pub(crate) trait FindPeople {
    /// As [`pq::find_person`]: by NIP, else NIK, else name + OPD.
    fn find_person(
        &self,
        nip: Option<&str>,
        nik: Option<&str>,
        name: &str,
        opd_id: Option<&str>,
    ) -> rusqlite::Result<Option<PersonRow>>;
    /// As [`pq::person_by_id_number`]: who holds an NIP (`column = "nip"`) or NIK.
    fn person_by_id_number(&self, column: &str, value: &str)
        -> rusqlite::Result<Option<PersonRow>>;
}

impl FindPeople for Connection {
    fn find_person(
        &self,
        nip: Option<&str>,
        nik: Option<&str>,
        name: &str,
        opd_id: Option<&str>,
    ) -> rusqlite::Result<Option<PersonRow>> {
        pq::find_person(self, nip, nik, name, opd_id)
    }

    fn person_by_id_number(
        &self,
        column: &str,
        value: &str,
    ) -> rusqlite::Result<Option<PersonRow>> {
        pq::person_by_id_number(self, column, value)
    }
}

/// What saving a person does: a new row, a changed one (with the row as it was), or none.
pub(crate) enum PersonChange {
    Create(PersonRow),
    Update { row: PersonRow, old: Box<PersonRow> },
    Unchanged(PersonRow),
}

impl PersonChange {
    /// The person as they are after the change.
    pub(crate) fn row(&self) -> &PersonRow {
        match self {
            PersonChange::Create(row) | PersonChange::Unchanged(row) => row,
            PersonChange::Update { row, .. } => row,
        }
    }

    pub(crate) fn outcome(&self) -> Outcome {
        match self {
            PersonChange::Create(_) => Outcome::Created,
            PersonChange::Update { .. } => Outcome::Updated,
            PersonChange::Unchanged(_) => Outcome::Unchanged,
        }
    }
}

/// Finds the person again (NIP, else NIK, else name + OPD) and creates or updates them.
/// Fields the input leaves empty keep their stored values.
pub(crate) fn upsert_person(
    conn: &Connection,
    p: &CleanPerson,
    opd_id: Option<&str>,
    now: &str,
) -> Result<(PersonRow, Outcome), ApiError> {
    let change = plan_person(conn, p, opd_id, now)?;
    let outcome = change.outcome();
    match change {
        PersonChange::Create(row) => {
            pq::insert_person(conn, &row)?;
            Ok((row, outcome))
        }
        PersonChange::Update { row, .. } => {
            pq::update_person(conn, &row)?;
            Ok((row, outcome))
        }
        PersonChange::Unchanged(row) => Ok((row, outcome)),
    }
}

/// What [`upsert_person`] will do, decided without writing: every way it can be refused
/// (an NIP or NIK that belongs to someone else) is found here, so the write that follows
/// does not fail on the person's account.
pub(crate) fn plan_person(
    people: &impl FindPeople,
    p: &CleanPerson,
    opd_id: Option<&str>,
    now: &str,
) -> Result<PersonChange, ApiError> {
    let found = people.find_person(p.nip.as_deref(), p.nik.as_deref(), &p.name, opd_id)?;
    // An NIP or NIK may belong to one person only. (When nobody was found, find_person has
    // already looked the NIP up on its own: it is free.)
    for (label, value, column) in [("NIP", &p.nip, "nip"), ("NIK", &p.nik, "nik")] {
        let known_free_or_ours = match (&found, column) {
            (None, "nip") => true,
            (Some(f), "nip") => f.nip == *value,
            (Some(f), _) => f.nik == *value,
            (None, _) => false,
        };
        if let Some(v) = value.as_ref().filter(|_| !known_free_or_ours) {
            ensure_id_number_free(
                people,
                label,
                column,
                v,
                found.as_ref().map(|f| f.id.as_str()),
            )?;
        }
    }
    let gender = p.gender.map(|g| g.as_str().to_string());
    match found {
        None => Ok(PersonChange::Create(PersonRow {
            id: store::new_id(),
            name: p.name.clone(),
            nip: p.nip.clone(),
            nik: p.nik.clone(),
            gender,
            rank: p.rank.clone(),
            position: p.position.clone(),
            opd_id: opd_id.map(str::to_string),
            phone: p.phone.clone(),
            email: p.email.clone(),
            institution: p.institution.clone(),
            created_at: now.to_string(),
            updated_at: now.to_string(),
        })),
        Some(old) => {
            let keep = |new: &Option<String>, old: &Option<String>| new.clone().or(old.clone());
            let mut row = PersonRow {
                id: old.id.clone(),
                name: p.name.clone(),
                nip: keep(&p.nip, &old.nip),
                nik: keep(&p.nik, &old.nik),
                gender: keep(&gender, &old.gender),
                rank: keep(&p.rank, &old.rank),
                position: keep(&p.position, &old.position),
                opd_id: opd_id.map(str::to_string).or(old.opd_id.clone()),
                phone: keep(&p.phone, &old.phone),
                email: keep(&p.email, &old.email),
                institution: keep(&p.institution, &old.institution),
                created_at: old.created_at.clone(),
                updated_at: old.updated_at.clone(),
            };
            if row == old {
                return Ok(PersonChange::Unchanged(old));
            }
            row.updated_at = now.to_string();
            Ok(PersonChange::Update {
                row,
                old: Box::new(old),
            })
        }
    }
}

/// The check-in code alphabet: no 0/O, 1/I/L.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 6;

pub(crate) fn random_code() -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    bytes[..CODE_LEN]
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect()
}

/// Registers a person in an event unless already registered there. `new_person` skips
/// the look-up for someone who was created a moment ago.
pub(crate) fn register(
    conn: &Connection,
    event_id: &str,
    person_id: &str,
    role: Role,
    replaces_id: Option<&str>,
    now: &str,
    new_person: bool,
) -> Result<(RegistrationRow, Outcome), ApiError> {
    if !new_person {
        if let Some(r) = pq::find_registration(conn, event_id, person_id)? {
            return Ok((r, Outcome::Unchanged));
        }
    }
    let mut row = new_registration(event_id, person_id, role, replaces_id, now);
    insert_registration(conn, &mut row)?;
    Ok((row, Outcome::Created))
}

/// A new registration as [`register`] makes it, with a freshly drawn check-in code.
pub(crate) fn new_registration(
    event_id: &str,
    person_id: &str,
    role: Role,
    replaces_id: Option<&str>,
    now: &str,
) -> RegistrationRow {
    RegistrationRow {
        id: store::new_id(),
        event_id: event_id.to_string(),
        person_id: person_id.to_string(),
        role: role.as_str().to_string(),
        code: random_code(),
        status: "registered".to_string(),
        replaces_id: replaces_id.map(str::to_string),
        replaced_by_id: None,
        note: None,
        cancel_reason: None,
        duty: None,
        created_at: now.to_string(),
        updated_at: now.to_string(),
    }
}

/// Stores a new registration; on the rare clash of its check-in code (unique by
/// constraint), draws another.
pub(crate) fn insert_registration(
    conn: &Connection,
    row: &mut RegistrationRow,
) -> rusqlite::Result<()> {
    for attempt in 0.. {
        match pq::insert_registration(conn, row) {
            Ok(()) => break,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
                    && attempt < 20
                    && pq::code_exists(conn, &row.code)? =>
            {
                row.code = random_code();
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub(crate) fn require_event(conn: &Connection, event_id: &str) -> Result<(), ApiError> {
    if eq::get_event(conn, event_id)?.is_none() {
        return Err(ApiError::field(
            "event_id",
            "Kegiatan tidak ditemukan. Pilih kegiatan aktif terlebih dahulu.",
        )
        .with_code(ErrorCode::NotFound));
    }
    Ok(())
}

/// Like [`require_event`], and a desk may not touch an archived event: the organizer
/// closed it, so no desk searches or checks anyone in there any more.
pub(crate) fn require_desk_event(
    conn: &Connection,
    caller: &crate::api::Caller,
    event_id: &str,
) -> Result<(), ApiError> {
    let event = eq::get_event(conn, event_id)?.ok_or_else(|| {
        ApiError::field(
            "event_id",
            "Kegiatan tidak ditemukan. Pilih kegiatan aktif terlebih dahulu.",
        )
        .with_code(ErrorCode::NotFound)
    })?;
    if event.archived && caller.role == crate::api::Role::Desk {
        return Err(ApiError::field(
            "event_id",
            format!(
                "Kegiatan \"{}\" sudah diarsipkan panitia: meja registrasi tidak dapat lagi mencari \
                 atau mencatat kehadiran di kegiatan ini. Pilih kegiatan lain.",
                event.title
            ),
        )
        .with_code(ErrorCode::Forbidden));
    }
    Ok(())
}

/// A registration's note and duty: no control characters, sane lengths.
fn note_and_duty(errors: &mut Errors, note: Option<&str>, duty: Option<&str>) {
    validate::text(errors, "note", "Catatan", note, validate::MAX_NOTE);
    validate::text(errors, "duty", "Tugas", duty, validate::MAX_LINE);
}

fn person_error(errors: Errors) -> ApiError {
    ApiError::validation(errors.0)
}

fn participant(conn: &Connection, event_id: &str, id: &str) -> Result<Participant, ApiError> {
    pq::list_participants(
        conn,
        &ParticipantFilter {
            event_id,
            registration_id: Some(id),
            ..Default::default()
        },
    )?
    .into_iter()
    .next()
    .ok_or_else(|| ApiError::not_found("Peserta tidak ditemukan."))
}

/// The registration `id` as a participant row (NIK masked).
pub(crate) fn participant_of(conn: &Connection, id: &str) -> Result<Participant, ApiError> {
    participant_with(conn, id, false)
}

fn participant_with(
    conn: &Connection,
    id: &str,
    reveal_nik: bool,
) -> Result<Participant, ApiError> {
    let reg = registration_or_404(conn, id)?;
    pq::list_participants(
        conn,
        &ParticipantFilter {
            event_id: &reg.event_id,
            registration_id: Some(&reg.id),
            reveal_nik,
            ..Default::default()
        },
    )?
    .into_iter()
    .next()
    .ok_or_else(|| ApiError::not_found("Peserta tidak ditemukan."))
}

fn registration_or_404(conn: &Connection, id: &str) -> Result<RegistrationRow, ApiError> {
    pq::get_registration(conn, id)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "Pendaftaran tidak ditemukan (id \"{}\").",
            validate::quote(id)
        ))
    })
}

fn parse_role(s: Option<&str>) -> Result<Role, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Role::Participant),
        Some(r) => Role::parse(r).ok_or_else(|| {
            ApiError::field(
                "role",
                format!(
                    "Peran \"{}\" tidak dikenal: gunakan peserta, narasumber, moderator, atau panitia.",
                    validate::quote(r)
                ),
            )
        }),
    }
}

// ---- arguments ---------------------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ParticipantAddArgs {
    pub event_id: String,
    #[serde(flatten)]
    pub person: PersonInput,
    pub role: Option<String>,
    pub note: Option<String>,
    /// A committee member's duty (Ketua, Sekretaris, …).
    pub duty: Option<String>,
    /// The person confirmed adding the typed OPD, which matches none, as a new OPD.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub create_opd: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ParticipantUpdateArgs {
    /// The registration id.
    pub id: String,
    #[serde(flatten)]
    pub person: PersonInput,
    pub role: Option<String>,
    pub note: Option<String>,
    pub duty: Option<String>,
    /// The person confirmed adding the typed OPD, which matches none, as a new OPD.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub create_opd: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ParticipantListArgs {
    pub event_id: String,
    pub q: Option<String>,
    pub opd_id: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
    pub limit: Option<i64>,
    /// Show NIK in full (otherwise masked, UU 27/2022).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reveal_nik: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RegistrationIdArgs {
    pub id: String,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reveal_nik: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ParticipantCancelArgs {
    pub id: String,
    pub reason: Option<String>,
    /// `true` restores a cancelled registration.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub restore: bool,
    /// Also revoke the registration's standing certificate, in the same transaction.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub revoke_certificate: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ParticipantSubstituteArgs {
    /// The registration whose seat the new person takes.
    pub id: String,
    #[serde(flatten)]
    pub person: PersonInput,
    pub note: Option<String>,
    /// The person confirmed adding the typed OPD, which matches none, as a new OPD.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub create_opd: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PersonSearchArgs {
    pub q: String,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OpdSuggestArgs {
    /// What was typed in an OPD field.
    pub q: String,
    /// At most this many suggestions (default 10, at most 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpdSuggestion {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `exact`, `known`, `derived` or `partial`; none for the plain list.
    pub level: Option<String>,
}

/// How a typed OPD matched: `one` (saving uses `opd_id`), `several` (the person must
/// choose), `unknown` (saving asks before creating a new OPD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OpdMatch {
    One,
    Several,
    Unknown,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpdSuggestions {
    pub status: OpdMatch,
    pub opd_id: Option<String>,
    pub suggestions: Vec<OpdSuggestion>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OpdCreateArgs {
    pub name: String,
    pub short_name: Option<String>,
    #[serde(default)]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OpdUpdateArgs {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OpdAliasArgs {
    pub id: String,
    pub alias: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OpdMergeArgs {
    /// The OPD that disappears.
    pub from_id: String,
    /// The OPD that stays and receives its people, aliases and quotas.
    pub into_id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct QuotaSetArgs {
    pub event_id: String,
    pub opd_id: String,
    /// `null` removes the quota.
    pub quota: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventIdArgs {
    pub event_id: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ParticipantSaved {
    pub participant: Participant,
    /// Notes that did not stop the save, e.g. an OPD over its quota.
    pub warnings: Vec<FieldError>,
}

fn quota_warning(
    conn: &Connection,
    event_id: &str,
    opd_id: Option<&str>,
) -> Result<Option<FieldError>, ApiError> {
    let Some(opd_id) = opd_id else {
        return Ok(None);
    };
    let row = oq::quota_rows(conn, event_id)?
        .into_iter()
        .find(|r| r.opd_id == opd_id);
    Ok(row.filter(|r| r.over).map(|r| FieldError {
        field: "opd".to_string(),
        message: format!(
            "{} melebihi kuota: {} peserta terdaftar, kuota {}.",
            r.opd,
            r.registered,
            r.quota.unwrap_or(0)
        ),
    }))
}

impl Api {
    pub(crate) fn participant_get(
        &self,
        _caller: &Caller,
        args: RegistrationIdArgs,
    ) -> Result<Participant, ApiError> {
        let conn = self.read();
        participant_with(&conn, &args.id, args.reveal_nik)
    }

    pub(crate) fn participant_list(
        &self,
        _caller: &Caller,
        args: ParticipantListArgs,
    ) -> Result<Vec<Participant>, ApiError> {
        validate::search_text(args.q.as_deref().unwrap_or(""))?;
        let conn = self.read();
        require_event(&conn, &args.event_id)?;
        let role = match args.role.as_deref().filter(|r| !r.is_empty()) {
            Some(r) => Some(parse_role(Some(r))?.as_str()),
            None => None,
        };
        Ok(pq::list_participants(
            &conn,
            &ParticipantFilter {
                event_id: &args.event_id,
                registration_id: None,
                opd_id: args.opd_id.as_deref().filter(|s| !s.is_empty()),
                role,
                status: args.status.as_deref().filter(|s| !s.is_empty()),
                query: args.q.as_deref(),
                limit: args.limit,
                reveal_nik: args.reveal_nik,
                skip_opd_match: false,
            },
        )?)
    }

    pub(crate) fn person_search(
        &self,
        _caller: &Caller,
        args: PersonSearchArgs,
    ) -> Result<Vec<Person>, ApiError> {
        validate::search_text(&args.q)?;
        let conn = self.read();
        let limit = args.limit.unwrap_or(50).clamp(1, 500);
        Ok(pq::search_people(&conn, &args.q, limit)?)
    }

    /// The OPDs matching what someone is typing, best first, and what saving it would do:
    /// `one` (that OPD is used), `several` (choose one), `unknown` (asks before creating).
    /// An empty `q` lists the OPDs by name.
    pub(crate) fn opd_suggest(
        &self,
        _caller: &Caller,
        args: OpdSuggestArgs,
    ) -> Result<OpdSuggestions, ApiError> {
        let q = validate::one_line(&args.q);
        validate::search_text(&q)?;
        let limit = args.limit.unwrap_or(10).clamp(1, 50) as usize;
        let opds = oq::list_opds(&self.read())?;
        let item = |level: Option<opd_match::Level>, o: &Opd| OpdSuggestion {
            id: o.id.clone(),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            level: level.map(|l| format!("{l:?}").to_lowercase()),
        };
        if opd_match::compact(&q).is_empty() {
            return Ok(OpdSuggestions {
                status: OpdMatch::Unknown,
                opd_id: None,
                suggestions: opds.iter().take(limit).map(|o| item(None, o)).collect(),
            });
        }
        let (status, opd_id) = match opd_match::resolve(&q, &opds) {
            opd_match::Resolved::One(id) => (OpdMatch::One, Some(id)),
            opd_match::Resolved::Several(_) => (OpdMatch::Several, None),
            opd_match::Resolved::Unknown(_) => (OpdMatch::Unknown, None),
        };
        Ok(OpdSuggestions {
            status,
            opd_id,
            suggestions: opd_match::suggest(&q, &opds)
                .into_iter()
                .take(limit)
                .map(|(l, o)| item(Some(l), o))
                .collect(),
        })
    }

    pub(crate) fn opd_list(
        &self,
        _caller: &Caller,
        _args: crate::api::NoArgs,
    ) -> Result<Vec<Opd>, ApiError> {
        Ok(oq::list_opds(&self.read())?)
    }

    pub(crate) fn quota_list(
        &self,
        _caller: &Caller,
        args: EventIdArgs,
    ) -> Result<Vec<QuotaRow>, ApiError> {
        let conn = self.read();
        require_event(&conn, &args.event_id)?;
        Ok(oq::quota_rows(&conn, &args.event_id)?)
    }
}

/// The fields of a registration form, checked: the role, the person, the note and the
/// duty, and the warnings to show beside a saved one.
struct Checked {
    role: Role,
    clean: CleanPerson,
    note: Option<String>,
    duty: Option<String>,
    warnings: Errors,
}

impl Checked {
    fn new(
        person: PersonInput,
        role: Option<String>,
        note: Option<String>,
        duty: Option<String>,
    ) -> Result<Self, ApiError> {
        let role = parse_role(role.as_deref())?;
        let (mut errors, mut warnings) = (Errors::default(), Errors::default());
        let clean = clean_person(person, &mut errors, &mut warnings);
        let note = validate::opt_text(note);
        let duty = validate::opt_line(duty);
        note_and_duty(&mut errors, note.as_deref(), duty.as_deref());
        let clean = clean
            .filter(|_| errors.is_empty())
            .ok_or_else(|| person_error(errors))?;
        Ok(Checked {
            role,
            clean,
            note,
            duty,
            warnings,
        })
    }
}

/// A registration checked and ready to be written: `participant_add`, and the walk-in,
/// which writes it in the same transaction as the check-in.
pub(crate) struct NewRegistration {
    event_id: String,
    role: Role,
    clean: CleanPerson,
    note: Option<String>,
    duty: Option<String>,
    create_opd: bool,
    warnings: Errors,
}

impl NewRegistration {
    /// Validates the arguments; nothing is read or written yet.
    pub(crate) fn check(args: ParticipantAddArgs) -> Result<Self, ApiError> {
        let Checked {
            role,
            clean,
            note,
            duty,
            warnings,
        } = Checked::new(args.person, args.role, args.note, args.duty)?;
        Ok(NewRegistration {
            event_id: args.event_id,
            role,
            clean,
            note,
            duty,
            create_opd: args.create_opd,
            warnings,
        })
    }

    /// Writes the person and the registration inside the caller's transaction.
    pub(crate) fn add(self, tx: &Tx) -> Result<ParticipantSaved, ApiError> {
        let NewRegistration {
            event_id,
            role,
            clean,
            note,
            duty,
            create_opd,
            mut warnings,
        } = self;
        require_event(tx, &event_id)?;
        let now = store::now();
        let opd_id = match &clean.opd {
            Some(name) => Some(resolve_opd(tx, name, create_opd, &now)?.0),
            None => None,
        };
        already_registered(tx, &event_id, &clean, opd_id.as_deref())?;
        let (person, _) = upsert_person(tx, &clean, opd_id.as_deref(), &now)?;
        let (mut reg, _) = register(tx, &event_id, &person.id, role, None, &now, false)?;
        if note.is_some() || duty.is_some() {
            reg.note = note;
            reg.duty = duty;
            pq::update_registration(tx, &reg)?;
        }
        tx.audit(Audit::Register, Some(&reg.id), None)?;
        warnings
            .0
            .extend(quota_warning(tx, &event_id, opd_id.as_deref())?);
        Ok(ParticipantSaved {
            participant: participant(tx, &event_id, &reg.id)?,
            warnings: warnings.0,
        })
    }
}

/// Refuses a person who is already registered in the event, naming the stored name and
/// the field that matched.
fn already_registered(
    tx: &Connection,
    event_id: &str,
    clean: &CleanPerson,
    opd_id: Option<&str>,
) -> Result<(), ApiError> {
    let Some(known) = pq::find_person(
        tx,
        clean.nip.as_deref(),
        clean.nik.as_deref(),
        &clean.name,
        opd_id,
    )?
    else {
        return Ok(());
    };
    let Some(existing) = pq::find_registration(tx, event_id, &known.id)? else {
        return Ok(());
    };
    let field = if clean.nip.is_some() && known.nip == clean.nip {
        "nip"
    } else if clean.nik.is_some() && known.nik == clean.nik {
        "nik"
    } else {
        "name"
    };
    Err(ApiError::field(
        field,
        format!(
            "{} sudah terdaftar di kegiatan ini (kode {}).",
            known.name, existing.code
        ),
    )
    .with_code(ErrorCode::Conflict))
}

pub(crate) fn participant_add(
    tx: &Tx,
    args: ParticipantAddArgs,
) -> Result<ParticipantSaved, ApiError> {
    NewRegistration::check(args)?.add(tx)
}

pub(crate) fn participant_update(
    tx: &Tx,
    args: ParticipantUpdateArgs,
) -> Result<ParticipantSaved, ApiError> {
    let Checked {
        role,
        clean,
        note,
        duty,
        mut warnings,
    } = Checked::new(args.person, args.role, args.note, args.duty)?;

    let mut reg = registration_or_404(tx, &args.id)?;
    let now = store::now();
    let opd_id = match &clean.opd {
        Some(name) => Some(resolve_opd(tx, name, args.create_opd, &now)?.0),
        None => None,
    };
    let old = pq::get_person(tx, &reg.person_id)?
        .ok_or_else(|| ApiError::not_found("Data orang tidak ditemukan."))?;
    // The form edits this person: an NIP or NIK must not belong to someone else.
    for (label, value, column) in [("NIP", &clean.nip, "nip"), ("NIK", &clean.nik, "nik")] {
        if let Some(v) = value {
            ensure_id_number_free(&**tx as &Connection, label, column, v, Some(&old.id))?;
        }
    }
    // A form sends every field: what is empty there is cleared.
    let row = PersonRow {
        id: old.id.clone(),
        name: clean.name.clone(),
        nip: clean.nip.clone(),
        nik: clean.nik.clone(),
        gender: clean.gender.map(|g| g.as_str().to_string()),
        rank: clean.rank.clone(),
        position: clean.position.clone(),
        opd_id: opd_id.clone(),
        phone: clean.phone.clone(),
        email: clean.email.clone(),
        institution: old.institution.clone(),
        created_at: old.created_at.clone(),
        updated_at: now.clone(),
    };
    pq::update_person(tx, &row)?;
    reg.role = role.as_str().to_string();
    reg.note = note.clone();
    reg.duty = duty.clone();
    reg.updated_at = now.clone();
    pq::update_registration(tx, &reg)?;
    tx.audit(Audit::RegistrationUpdate, Some(&reg.id), None)?;
    warnings
        .0
        .extend(quota_warning(tx, &reg.event_id, opd_id.as_deref())?);
    Ok(ParticipantSaved {
        participant: participant(tx, &reg.event_id, &reg.id)?,
        warnings: warnings.0,
    })
}

pub(crate) fn participant_cancel(
    tx: &Tx,
    args: ParticipantCancelArgs,
) -> Result<Participant, ApiError> {
    let reason = validate::opt_text(args.reason);
    validate::check("reason", "Alasan", reason.as_deref(), validate::MAX_NOTE)?;

    let mut reg = registration_or_404(tx, &args.id)?;
    let (from, to) = if args.restore {
        ("cancelled", "registered")
    } else {
        ("registered", "cancelled")
    };
    if reg.status != from {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            if args.restore {
                "Hanya pendaftaran yang dibatalkan yang dapat dipulihkan."
            } else {
                "Pendaftaran ini sudah tidak aktif (dibatalkan atau sudah digantikan)."
            },
        ));
    }
    reg.status = to.to_string();
    reg.cancel_reason = if args.restore { None } else { reason.clone() };
    reg.updated_at = store::now();
    pq::update_registration(tx, &reg)?;
    if args.revoke_certificate && !args.restore {
        if let Some(c) = crate::store::certificates::standing_for(tx, &reg.id)? {
            let why = match reason.as_deref() {
                Some(r) => format!("Pendaftaran dibatalkan: {r}"),
                None => "Pendaftaran dibatalkan".to_string(),
            };
            crate::certificates::revoke_in(tx, tx.caller, &c, &why, &reg.updated_at)?;
        }
    }
    tx.audit(
        if args.restore {
            Audit::RegistrationRestore
        } else {
            Audit::RegistrationCancel
        },
        Some(&reg.id),
        reason.as_deref(),
    )?;
    participant(tx, &reg.event_id, &reg.id)
}

/// An OPD sends someone else: the new person takes the seat; the old registration is
/// kept as `replaced`, linked both ways.
pub(crate) fn participant_substitute(
    tx: &Tx,
    args: ParticipantSubstituteArgs,
) -> Result<ParticipantSaved, ApiError> {
    let (mut errors, mut warnings) = (Errors::default(), Errors::default());
    let clean = clean_person(args.person, &mut errors, &mut warnings);
    let note = validate::opt_text(args.note);
    note_and_duty(&mut errors, note.as_deref(), None);
    let clean = clean
        .filter(|_| errors.is_empty())
        .ok_or_else(|| person_error(errors))?;

    let mut old = registration_or_404(tx, &args.id)?;
    if old.status != "registered" {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "Hanya peserta yang masih terdaftar yang dapat digantikan.",
        ));
    }
    let now = store::now();
    let old_person = pq::get_person(tx, &old.person_id)?
        .ok_or_else(|| ApiError::not_found("Data orang tidak ditemukan."))?;
    // The substitute comes from the same OPD unless the form says otherwise.
    let opd_id = match &clean.opd {
        Some(name) => Some(resolve_opd(tx, name, args.create_opd, &now)?.0),
        None => old_person.opd_id.clone(),
    };
    let (person, _) = upsert_person(tx, &clean, opd_id.as_deref(), &now)?;
    if person.id == old_person.id {
        return Err(ApiError::field(
            "name",
            "Pengganti harus orang yang berbeda dari peserta yang digantikan.",
        ));
    }
    if let Some(existing) = pq::find_registration(tx, &old.event_id, &person.id)? {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "{} sudah terdaftar di kegiatan ini (kode {}).",
                person.name, existing.code
            ),
        ));
    }
    let role = Role::stored(&old.role);
    let (mut new, _) = register(
        tx,
        &old.event_id,
        &person.id,
        role,
        Some(&old.id),
        &now,
        false,
    )?;
    if note.is_some() {
        new.note = note.clone();
        pq::update_registration(tx, &new)?;
    }
    old.status = "replaced".to_string();
    old.replaced_by_id = Some(new.id.clone());
    old.updated_at = now.clone();
    pq::update_registration(tx, &old)?;
    let detail = format!("{} digantikan oleh {}", old_person.name, person.name);
    tx.audit(Audit::RegistrationSubstitute, Some(&new.id), Some(&detail))?;
    Ok(ParticipantSaved {
        participant: participant(tx, &old.event_id, &new.id)?,
        warnings: warnings.0,
    })
}

pub(crate) fn opd_create(tx: &Tx, args: OpdCreateArgs) -> Result<Opd, ApiError> {
    let name = validate::one_line(&args.name);
    let short = validate::opt_line(args.short_name);
    let mut errors = Errors::default();
    if name.is_empty() {
        errors.add("name", "Nama OPD wajib diisi.");
    }
    validate::text(
        &mut errors,
        "name",
        "Nama OPD",
        Some(&name),
        validate::MAX_LINE,
    );
    validate::text(
        &mut errors,
        "short_name",
        "Singkatan",
        short.as_deref(),
        validate::MAX_SHORT,
    );
    for (i, alias) in args.aliases.iter().enumerate() {
        let field = format!("aliases.{i}");
        validate::text(
            &mut errors,
            &field,
            "Alias",
            Some(alias),
            validate::MAX_LINE,
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }

    let now = store::now();
    if oq::find_opd_by_key(tx, &oq::opd_key(&name))?.is_some() {
        return Err(ApiError::field(
            "name",
            format!("OPD \"{name}\" sudah ada (nama atau alias)."),
        )
        .with_code(ErrorCode::Conflict));
    }
    let id = store::new_id();
    oq::insert_opd(tx, &id, &name, short.as_deref(), &now)?;
    for alias in short.iter().chain(args.aliases.iter()) {
        let alias = validate::one_line(alias);
        if !alias.is_empty() {
            oq::insert_alias(tx, &id, &alias, &now)?;
        }
    }
    tx.audit(Audit::OpdCreate, Some(&id), None)?;
    oq::get_opd(tx, &id)?.ok_or_else(|| ApiError::not_found("OPD tidak ditemukan."))
}

pub(crate) fn opd_update(tx: &Tx, args: OpdUpdateArgs) -> Result<Opd, ApiError> {
    let name = validate::one_line(&args.name);
    let short = validate::opt_line(args.short_name);
    if name.is_empty() {
        return Err(ApiError::field("name", "Nama OPD wajib diisi."));
    }
    validate::check("name", "Nama OPD", Some(&name), validate::MAX_LINE)?;
    validate::check(
        "short_name",
        "Singkatan",
        short.as_deref(),
        validate::MAX_SHORT,
    )?;

    let now = store::now();
    if let Some(other) = oq::find_opd_by_key(tx, &oq::opd_key(&name))? {
        if other != args.id {
            return Err(ApiError::field(
                "name",
                format!("Nama \"{name}\" sudah dipakai OPD lain; gabungkan OPD bila sama."),
            )
            .with_code(ErrorCode::Conflict));
        }
    }
    if !oq::update_opd(tx, &args.id, &name, short.as_deref(), &now)? {
        return Err(ApiError::not_found("OPD tidak ditemukan."));
    }
    if let Some(s) = &short {
        oq::insert_alias(tx, &args.id, s, &now)?;
    }
    tx.audit(Audit::OpdUpdate, Some(&args.id), None)?;
    oq::get_opd(tx, &args.id)?.ok_or_else(|| ApiError::not_found("OPD tidak ditemukan."))
}

pub(crate) fn opd_add_alias(tx: &Tx, args: OpdAliasArgs) -> Result<Opd, ApiError> {
    let alias = validate::one_line(&args.alias);
    if alias.is_empty() {
        return Err(ApiError::field("alias", "Alias wajib diisi."));
    }
    validate::check("alias", "Alias", Some(&alias), validate::MAX_LINE)?;

    let opd =
        oq::get_opd(tx, &args.id)?.ok_or_else(|| ApiError::not_found("OPD tidak ditemukan."))?;
    if let Some(owner) = oq::find_opd_by_key(tx, &oq::opd_key(&alias))? {
        if owner == opd.id {
            return Ok(opd);
        }
        return Err(ApiError::field(
            "alias",
            format!("\"{alias}\" sudah menjadi nama atau alias OPD lain."),
        )
        .with_code(ErrorCode::Conflict));
    }
    oq::insert_alias(tx, &opd.id, &alias, &store::now())?;
    tx.audit(Audit::OpdAlias, Some(&opd.id), Some(&alias))?;
    oq::get_opd(tx, &opd.id)?.ok_or_else(|| ApiError::not_found("OPD tidak ditemukan."))
}

/// Merges two OPDs that are the same work unit: people, aliases and quotas move over.
pub(crate) fn opd_merge(tx: &Tx, args: OpdMergeArgs) -> Result<Opd, ApiError> {
    if args.from_id == args.into_id {
        return Err(ApiError::field(
            "into_id",
            "Pilih dua OPD yang berbeda untuk digabungkan.",
        ));
    }

    let from = oq::get_opd(tx, &args.from_id)?
        .ok_or_else(|| ApiError::not_found("OPD asal tidak ditemukan."))?;
    let into = oq::get_opd(tx, &args.into_id)?
        .ok_or_else(|| ApiError::not_found("OPD tujuan tidak ditemukan."))?;
    let now = store::now();
    oq::merge_opd(tx, &from, &into.id, &now)?;
    let detail = format!("{} digabung ke {}", from.name, into.name);
    tx.audit(Audit::OpdMerge, Some(&into.id), Some(&detail))?;
    oq::get_opd(tx, &into.id)?.ok_or_else(|| ApiError::not_found("OPD tidak ditemukan."))
}

pub(crate) fn quota_set(tx: &Tx, args: QuotaSetArgs) -> Result<Vec<QuotaRow>, ApiError> {
    if let Some(q) = args.quota {
        if !(0..=10_000).contains(&q) {
            return Err(ApiError::field("quota", "Kuota harus antara 0 dan 10.000."));
        }
    }

    require_event(tx, &args.event_id)?;
    if oq::get_opd(tx, &args.opd_id)?.is_none() {
        return Err(ApiError::not_found("OPD tidak ditemukan."));
    }
    oq::set_quota(tx, &args.event_id, &args.opd_id, args.quota, &store::now())?;
    let detail = args.quota.map(|q| q.to_string());
    tx.audit(Audit::OpdQuota, Some(&args.opd_id), detail.as_deref())?;
    Ok(oq::quota_rows(tx, &args.event_id)?)
}
