//! Domain types as the Api returns them (serialised to JSON for every front door).

use serde::{Deserialize, Serialize};

/// A bintek: one training event with its venue, dates and legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub theme: Option<String>,
    /// The organizing agency, e.g. "Dinas Komunikasi dan Informatika Kabupaten Grobogan".
    pub organizer: Option<String>,
    pub venue: Option<String>,
    pub city: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// `YYYY-MM-DD`, never before `start_date`.
    pub end_date: String,
    /// *Dasar hukum*: free text, one reference per line.
    pub legal_basis: Option<String>,
    /// Total lesson hours (*jam pelajaran*, JP).
    pub total_jp: Option<i64>,
    pub notes: Option<String>,
    pub archived: bool,
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// JP of the material sessions in the agenda; the event's JP when `total_jp` is unset.
    #[serde(default)]
    pub sessions_jp: i64,
}

/// A work unit (*Organisasi Perangkat Daerah*), reused across events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Opd {
    pub id: String,
    pub name: String,
    /// e.g. "Diskominfo".
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    /// How many people belong to it.
    pub people: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Quota vs registered participants of one OPD in one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuotaRow {
    pub opd_id: String,
    pub opd: String,
    pub short_name: Option<String>,
    pub quota: Option<i64>,
    pub registered: i64,
    pub over: bool,
}

/// Registration roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Participant,
    Speaker,
    Moderator,
    Committee,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Speaker => "speaker",
            Role::Moderator => "moderator",
            Role::Committee => "committee",
        }
    }

    /// The Indonesian word: Peserta, Narasumber, Moderator, Panitia.
    pub fn label(self) -> &'static str {
        match self {
            Role::Participant => "Peserta",
            Role::Speaker => "Narasumber",
            Role::Moderator => "Moderator",
            Role::Committee => "Panitia",
        }
    }

    /// The role of a stored row (the table's CHECK allows only the four words); a word
    /// this version does not know reads as a participant.
    pub fn stored(s: &str) -> Role {
        Role::parse(s).unwrap_or(Role::Participant)
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_lowercase().as_str() {
            "participant" | "peserta" => Some(Role::Participant),
            "speaker" | "narasumber" => Some(Role::Speaker),
            "moderator" => Some(Role::Moderator),
            "committee" | "panitia" => Some(Role::Committee),
            _ => None,
        }
    }
}

/// What a person does on a session of the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionRole {
    Speaker,
    Moderator,
}

impl SessionRole {
    pub fn as_str(self) -> &'static str {
        self.role().as_str()
    }

    /// The registration role that goes with it.
    pub fn role(self) -> Role {
        match self {
            SessionRole::Speaker => Role::Speaker,
            SessionRole::Moderator => Role::Moderator,
        }
    }

    /// The role of a stored row (the table's CHECK allows only the two words).
    pub fn stored(s: &str) -> SessionRole {
        match s {
            "moderator" => SessionRole::Moderator,
            _ => SessionRole::Speaker,
        }
    }
}

/// Where a registration stands: in the event, cancelled, or its seat taken over by a
/// substitute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Registered,
    Cancelled,
    Replaced,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Cancelled => "cancelled",
            RegistrationStatus::Replaced => "replaced",
        }
    }

    /// The stored word (the table's CHECK allows only these three).
    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        match s {
            "registered" => Some(RegistrationStatus::Registered),
            "cancelled" => Some(RegistrationStatus::Cancelled),
            "replaced" => Some(RegistrationStatus::Replaced),
            _ => None,
        }
    }
}

/// How a check-in was made at the desk: a scanned code, a pick from the search, by hand
/// from a list, or a walk-in registered on the spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckinMethod {
    Scan,
    Search,
    Manual,
    Walkin,
}

impl CheckinMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckinMethod::Scan => "scan",
            CheckinMethod::Search => "search",
            CheckinMethod::Manual => "manual",
            CheckinMethod::Walkin => "walkin",
        }
    }

    /// The stored word; a word this version does not know reads as a scan.
    pub fn parse(s: &str) -> CheckinMethod {
        match s {
            "search" => CheckinMethod::Search,
            "manual" => CheckinMethod::Manual,
            "walkin" => CheckinMethod::Walkin,
            _ => CheckinMethod::Scan,
        }
    }
}

/// How certificate numbers run: per event, or on through the year across events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SequenceScope {
    Event,
    Year,
}

impl SequenceScope {
    pub fn as_str(self) -> &'static str {
        match self {
            SequenceScope::Event => "event",
            SequenceScope::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<SequenceScope> {
        match s.trim() {
            "event" => Some(SequenceScope::Event),
            "year" => Some(SequenceScope::Year),
            _ => None,
        }
    }
}

/// Whether a certificate stands or was revoked (a revoked one keeps its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Issued,
    Revoked,
}

impl CertificateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::Issued => "issued",
            CertificateStatus::Revoked => "revoked",
        }
    }
}

/// A person registered in an event (any role), with the person's data and the seat's
/// history. `nik` is masked unless the caller asked for it explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Participant {
    /// The registration id.
    pub id: String,
    pub event_id: String,
    pub person_id: String,
    pub name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub gender: Option<crate::ids::Gender>,
    pub rank: Option<String>,
    pub position: Option<String>,
    pub opd_id: Option<String>,
    pub opd: Option<String>,
    pub opd_short_name: Option<String>,
    /// An institution outside the OPD list (a speaker from ANRI, a university).
    pub institution: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub role: Role,
    pub code: String,
    pub status: RegistrationStatus,
    pub replaces_id: Option<String>,
    pub replaces_name: Option<String>,
    pub replaced_by_id: Option<String>,
    pub replaced_by_name: Option<String>,
    pub note: Option<String>,
    /// Why the registration was cancelled (cleared when it is restored).
    pub cancel_reason: Option<String>,
    /// A committee member's duty.
    pub duty: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Participant {
    /// The name, and "NIP. …" on a second line when there is one: a person in a table of
    /// a letter or a report.
    pub fn name_with_nip(&self) -> String {
        match self.nip.as_deref().map(crate::ids::format_nip) {
            Some(n) => format!("{}\nNIP. {n}", self.name),
            None => self.name.clone(),
        }
    }

    /// Where the person works as lists and prints show it: the OPD, else the institution
    /// from outside (a speaker from ANRI), else nothing.
    pub fn agency(&self) -> String {
        self.opd
            .clone()
            .or_else(|| self.institution.clone())
            .unwrap_or_default()
    }
}

/// A person across events (search results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub gender: Option<crate::ids::Gender>,
    pub rank: Option<String>,
    pub position: Option<String>,
    pub opd_id: Option<String>,
    pub opd: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Kinds of agenda items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Opening,
    Material,
    Break,
    Closing,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Opening => "opening",
            SessionKind::Material => "material",
            SessionKind::Break => "break",
            SessionKind::Closing => "closing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Opening => "Pembukaan",
            SessionKind::Material => "Materi",
            SessionKind::Break => "Istirahat",
            SessionKind::Closing => "Penutupan",
        }
    }

    pub fn parse(s: &str) -> Option<SessionKind> {
        match s.trim().to_lowercase().as_str() {
            "opening" | "pembukaan" => Some(SessionKind::Opening),
            "material" | "materi" => Some(SessionKind::Material),
            "break" | "istirahat" | "rehat" => Some(SessionKind::Break),
            "closing" | "penutupan" => Some(SessionKind::Closing),
            _ => None,
        }
    }
}

/// Someone assigned to a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StaffRef {
    pub registration_id: String,
    pub name: String,
}

/// One agenda item of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Session {
    pub id: String,
    pub event_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub room: Option<String>,
    pub jp: Option<i64>,
    pub kind: SessionKind,
    pub takes_attendance: bool,
    pub notes: Option<String>,
    pub speakers: Vec<StaffRef>,
    pub moderators: Vec<StaffRef>,
    pub created_at: String,
    pub updated_at: String,
}

/// Who signs the event's documents (certificates, sign-off blocks): one or two people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Signatory {
    pub ord: i64,
    pub name: String,
    pub nip: Option<String>,
    pub rank: Option<String>,
    pub position: String,
}

/// A speaker or moderator of an event with the sessions they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpeakerInfo {
    #[serde(flatten)]
    pub participant: Participant,
    pub sessions: Vec<SpeakerSession>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpeakerSession {
    pub session_id: String,
    pub title: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub role: SessionRole,
}
