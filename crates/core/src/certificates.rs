//! Certificates (*sertifikat*): who is eligible and why, numbering, issuing (a number is
//! kept for good; a name correction raises the revision), revoking, and verifying the
//! signed QR code.
//!
//! Eligibility: a participant needs at least `min_attendance` % (default 80) of the
//! event's attendance-taking sessions (exactly 80 % is enough); speakers, moderators and
//! committee members are eligible by their role. The organizer can override one person
//! with a reason (logged).
//!
//! The QR code carries `BTK1.<payload>.<signature>`: the payload is base32 of
//! `code|number|name` and the signature (base32) is Ed25519 over `BTK1.<payload>` with the
//! installation's key (`signing`). With a verification base URL set, the QR is that URL
//! with `?s=` and the same token. No NIK is ever on a certificate or in a QR code.

use crate::model::CertificateStatus;
use crate::model::SequenceScope;
use crate::store::audit::Audit;
use crate::tx::Tx;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine as _;

use crate::agenda::event_or_404;
use crate::api::{Api, Caller, NoArgs};
use crate::error::{ApiError, ErrorCode};
use crate::model::{Event, Role};
use crate::store;
use crate::store::certificates as db;

/// Revokes `c` inside the caller's transaction, with its reason and one audit record: the
/// one way a certificate is revoked (by number, or with a cancelled registration).
pub(crate) fn revoke_in(
    tx: &Connection,
    caller: &Caller,
    c: &CertificateRow,
    reason: &str,
    now: &str,
) -> Result<(), ApiError> {
    db::revoke(tx, &c.id, reason, now)?;
    store::audit::insert_audit(
        tx,
        &caller.actor,
        Audit::CertificateRevoke,
        Some(&c.id),
        Some(&format!("{}: {reason}", c.number)),
    )?;
    Ok(())
}
use crate::validate::Errors;

// The stored shapes live with their queries in `store::certificates`; they keep their
// paths here.
pub use crate::store::certificates::{CertSettings, CertificateRow, Override};

pub const DEFAULT_PATTERN: &str = "{seq:3}/BIMTEK/{org}/{roman_month}/{year}";
pub const CERT_CODE_LEN: usize = 8;
const TOKEN_PREFIX: &str = "BTK1.";

// ---- settings --------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct SettingsArgs {
    pub event_id: String,
    pub min_attendance: Option<i64>,
    pub number_pattern: Option<String>,
    pub org_code: Option<String>,
    pub sequence_scope: Option<String>,
    pub issue_place: Option<String>,
    pub issue_date: Option<String>,
    pub verify_base_url: Option<String>,
    #[ts(type = "Partial<Record<Role, string>> | null", optional)]
    pub role_texts: Option<BTreeMap<String, String>>,
    #[ts(type = "Partial<Record<Role, string>> | null", optional)]
    pub role_templates: Option<BTreeMap<String, String>>,
    /// Print the materi, their JP and the total on a second page.
    pub back_page: Option<bool>,
    /// A participant's certificate also needs every opened evaluation filled in.
    pub require_evaluation: Option<bool>,
    /// … and a post-test score of at least this (1–100; 0 removes the condition).
    pub min_posttest: Option<i64>,
}

/// The wording under the name for a role, unless the event sets its own.
pub fn default_role_text(role: Role) -> &'static str {
    match role {
        Role::Participant => "sebagai Peserta",
        Role::Speaker => "sebagai Narasumber",
        Role::Moderator => "sebagai Moderator",
        Role::Committee => "sebagai Panitia",
    }
}

/// An organizer name like "Dinas Komunikasi dan Informatika Kabupaten Grobogan" gives
/// the {org} token "DISKOMINFO" when no code is set; otherwise the initials.
pub(crate) fn org_from(event: &Event) -> String {
    let org = event.organizer.clone().unwrap_or_default().to_lowercase();
    if org.contains("komunikasi") && org.contains("informatika") {
        return "DISKOMINFO".to_string();
    }
    let unit = org
        .split([',', '\n'])
        .next()
        .unwrap_or("")
        .split(" kabupaten")
        .next()
        .unwrap_or("")
        .split(" kota")
        .next()
        .unwrap_or("");
    let initials: String = unit
        .split_whitespace()
        .filter(|w| !["dan", "dari", "di", "&"].contains(w))
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();
    if initials.is_empty() {
        "BINTEK".to_string()
    } else {
        initials
    }
}

fn roman(month: u32) -> &'static str {
    [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ][(month.clamp(1, 12) - 1) as usize]
}

/// Checks a number pattern: it needs `{seq}` or `{seq:N}` (N from 1 to 8) and knows only
/// `{org}`, `{roman_month}`, `{month}`, `{year}`. Returns the message for the clerk.
pub fn check_pattern(pattern: &str) -> Result<(), String> {
    let mut rest = pattern;
    let mut has_seq = false;
    if pattern.trim().is_empty() {
        return Err("Isi pola nomor, misalnya {seq:3}/BIMTEK/{org}/{roman_month}/{year}.".into());
    }
    if pattern.chars().count() > 120 {
        return Err("Pola nomor paling panjang 120 huruf.".into());
    }
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("Pola nomor: ada \"{\" tanpa \"}\".".into());
        };
        let token = &rest[open + 1..open + close];
        match token {
            "seq" | "org" | "roman_month" | "month" | "year" => {}
            t if t.starts_with("seq:") => {
                match t[4..].parse::<u32>() {
                    Ok(n) if (1..=8).contains(&n) => {}
                    _ => return Err(format!("Pola nomor: \"{{{t}}}\" harus {{seq:N}} dengan N 1 sampai 8.")),
                }
            }
            t => {
                return Err(format!(
                    "Pola nomor: \"{{{t}}}\" tidak dikenal. Yang dikenal: {{seq:3}}, {{org}}, {{roman_month}}, {{month}}, {{year}}."
                ))
            }
        }
        has_seq |= token == "seq" || token.starts_with("seq:");
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') && !pattern.contains('{') {
        return Err("Pola nomor: ada \"}\" tanpa \"{\".".into());
    }
    if !has_seq {
        return Err("Pola nomor harus memuat nomor urut {seq} atau {seq:3}.".into());
    }
    Ok(())
}

/// Fills a checked pattern.
pub fn format_number(pattern: &str, seq: i64, org: &str, date: NaiveDate) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let token = &rest[open + 1..close.min(rest.len())];
        match token {
            "seq" => out.push_str(&seq.to_string()),
            "org" => out.push_str(org),
            "roman_month" => out.push_str(roman(date.month())),
            "month" => out.push_str(&format!("{:02}", date.month())),
            "year" => out.push_str(&date.year().to_string()),
            t if t.starts_with("seq:") => {
                let w: usize = t[4..].parse().unwrap_or(3);
                out.push_str(&format!("{seq:0w$}"));
            }
            t => {
                out.push('{');
                out.push_str(t);
                out.push('}');
            }
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The event's certificate settings, or the defaults when none are stored.
pub(crate) fn load_settings(conn: &Connection, event_id: &str) -> rusqlite::Result<CertSettings> {
    let row = db::get_settings(conn, event_id)?;
    Ok(row.unwrap_or_else(|| CertSettings {
        event_id: event_id.to_string(),
        min_attendance: 80,
        number_pattern: DEFAULT_PATTERN.to_string(),
        org_code: None,
        sequence_scope: SequenceScope::Event,
        issue_place: None,
        issue_date: None,
        verify_base_url: None,
        role_texts: BTreeMap::new(),
        role_templates: BTreeMap::new(),
        back_page: false,
        require_evaluation: false,
        min_posttest: None,
    }))
}

/// The event's first number (its pattern filled with sequence 1): how a certificate not
/// issued yet looks in a preview. `None` when the stored pattern is not valid.
pub(crate) fn first_number(event: &Event, settings: &CertSettings) -> Option<String> {
    Numbering::new(event, settings)
        .ok()
        .map(|n| format_number(&n.pattern, 1, &n.org, n.date))
}

/// `K7Q2MX4P` as printed: `K7Q2-MX4P`.
pub(crate) fn show_code(code: &str) -> String {
    let cut = code.char_indices().nth(4).map_or(code.len(), |(i, _)| i);
    format!("{}-{}", &code[..cut], &code[cut..])
}

fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| crate::validate::one_line(&s))
        .filter(|s| !s.is_empty())
}

// ---- eligibility -----------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Eligibility {
    pub registration_id: String,
    pub name: String,
    pub nip: Option<String>,
    pub opd: Option<String>,
    pub role: Role,
    /// Attendance-taking sessions attended, and how many there are.
    pub attended: i64,
    pub sessions: i64,
    pub percent: Option<i64>,
    pub eligible: bool,
    /// Why (not), in Bahasa Indonesia.
    pub reason: String,
    #[serde(rename = "override")]
    pub override_: Option<Override>,
    pub certificate: Option<CertificateRow>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EligibilityArgs {
    pub event_id: String,
    /// `participant`, `speaker`, `moderator`, `committee`, or all when empty / `all`.
    pub role: Option<String>,
}

/// A role filter where nothing given means participants (badges, certificates): `all`
/// or `semua` is every role.
pub(crate) fn role_or_participants(role: Option<&str>) -> Result<Option<Role>, ApiError> {
    match role.map(str::trim) {
        None | Some("") => Ok(Some(Role::Participant)),
        other => role_filter(other),
    }
}

/// A role filter where nothing given, `all` or `semua` means every role.
fn role_filter(role: Option<&str>) -> Result<Option<Role>, ApiError> {
    match role.map(str::trim) {
        None | Some("") | Some("all") | Some("semua") => Ok(None),
        Some(r) => Role::parse(r).map(Some).ok_or_else(|| {
            ApiError::field(
                "role",
                "Peran tidak dikenal: pilih participant, speaker, moderator, committee atau all.",
            )
        }),
    }
}

fn eligibility(
    conn: &Connection,
    event_id: &str,
    role: Option<Role>,
    settings: &CertSettings,
) -> Result<Vec<Eligibility>, ApiError> {
    let min = settings.min_attendance;
    let forms = crate::forms::results::certificate_conditions(conn, event_id, settings)?;
    let sessions = db::attendance_sessions(conn, event_id)?;
    let certs = db::by_registration(conn, event_id)?;
    let rows = db::list_eligibility(conn, event_id, role)?;
    let mut out = Vec::new();
    for row in rows {
        let db::EligibilityRow {
            registration_id: id,
            name,
            nip,
            opd,
            role,
            attended,
            override_,
        } = row;
        let percent = crate::format::percent(attended, sessions);
        let (mut eligible, mut reason) = match role {
            Role::Participant if sessions == 0 => {
                (false, "Belum ada sesi yang mencatat kehadiran.".to_string())
            }
            Role::Participant => {
                let ok = attended * 100 >= min * sessions;
                let pct = percent.unwrap_or(0);
                let text = format!("Hadir {attended} dari {sessions} sesi ({pct}%)");
                if ok {
                    (true, format!("{text}, memenuhi batas {min}%."))
                } else {
                    (false, format!("{text}, kurang dari batas {min}%."))
                }
            }
            Role::Speaker => (true, "Narasumber.".to_string()),
            Role::Moderator => (true, "Moderator.".to_string()),
            Role::Committee => (true, "Panitia.".to_string()),
        };
        if role == Role::Participant {
            if let Some(c) = &forms {
                let (ok, why) = c.check(&id);
                eligible &= ok;
                reason = format!("{reason} {why}");
            }
        }
        if let Some(o) = &override_ {
            eligible = o.eligible;
            reason = format!(
                "{} oleh panitia: {} ({reason})",
                if o.eligible {
                    "Diluluskan"
                } else {
                    "Tidak diluluskan"
                },
                o.reason
            );
        }
        out.push(Eligibility {
            certificate: certs.get(&id).cloned(),
            registration_id: id,
            name,
            nip: nip.as_deref().map(crate::ids::format_nip),
            opd,
            role,
            attended,
            sessions,
            percent,
            eligible,
            reason,
            override_,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct OverrideArgs {
    pub registration_id: String,
    /// `true`/`false` to decide; `null` removes the override.
    pub eligible: Option<bool>,
    pub reason: String,
}

// ---- certificates ----------------------------------------------------------------------

/// How an event numbers its certificates: the pattern, the sequence (per event or per
/// year of the issue date), the organisation code and the issue date.
struct Numbering {
    pattern: String,
    scope: String,
    org: String,
    date: NaiveDate,
}

impl Numbering {
    fn new(event: &Event, settings: &CertSettings) -> Result<Self, ApiError> {
        check_pattern(&settings.number_pattern)
            .map_err(|m| ApiError::field("number_pattern", m))?;
        let date = settings
            .issue_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .or_else(|| NaiveDate::parse_from_str(&event.end_date, "%Y-%m-%d").ok())
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        let scope = if settings.sequence_scope == SequenceScope::Year {
            format!("year:{}", date.year())
        } else {
            format!("event:{}", event.id)
        };
        Ok(Self {
            pattern: settings.number_pattern.clone(),
            scope,
            org: settings.org_code.clone().unwrap_or_else(|| org_from(event)),
            date,
        })
    }

    /// Numbers a new certificate for `p` with the next number of the sequence (gapless:
    /// inside the caller's write transaction) and a fresh code; `replaces` is the id of
    /// the revoked certificate it replaces. Returns the new certificate's id.
    fn insert(
        &self,
        tx: &Connection,
        event_id: &str,
        p: &Eligibility,
        replaces: Option<&str>,
        now: &str,
    ) -> Result<String, ApiError> {
        let seq = db::next_seq(tx, &self.scope)?;
        let number = format_number(&self.pattern, seq, &self.org, self.date);
        if db::number_exists(tx, &number)? {
            return Err(ApiError::field(
                "number_pattern",
                format!(
                    "Nomor {number} sudah dipakai sertifikat lain (kegiatan lain dengan pola yang sama). \
                     Ubah pola nomor, misalnya tambahkan kode kegiatan, atau pakai urutan per tahun."
                ),
            )
            .with_code(ErrorCode::Conflict));
        }
        let code = new_cert_code(tx)?;
        let id = store::new_id();
        db::insert_certificate(
            tx,
            &db::NewCertificate {
                id: &id,
                event_id,
                registration_id: &p.registration_id,
                role: p.role,
                seq_scope: &self.scope,
                seq,
                number: &number,
                code: &code,
                name: &p.name,
                now,
                replaces,
            },
        )?;
        Ok(id)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct IssueArgs {
    pub event_id: String,
    /// `participant` (default), `speaker`, `moderator`, `committee` or `all`.
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct IssueResult {
    /// Certificates that stand (issued, not revoked) for the role, after this run.
    pub issued: usize,
    /// Numbered in this run.
    pub new: usize,
    /// Name corrections: same number, new revision.
    pub reissued: usize,
    pub ineligible: usize,
    pub certificates: Vec<CertificateRow>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RevokeArgs {
    pub number: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct ReplaceArgs {
    /// The revoked certificate's number.
    pub number: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct VerificationListArgs {
    pub event_id: String,
    /// `csv` (default) or `json`.
    pub format: Option<String>,
}

/// The public half of the certificate signing key, for anyone who checks a QR code
/// offline.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PublicKey {
    pub algorithm: String,
    /// The raw 32-byte Ed25519 key in base64url.
    pub public_key: String,
    pub fingerprint: String,
    pub encoding: String,
    pub token_format: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct VerifyArgs {
    /// What the scanner read: the QR text (token or URL), or a verification code typed.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Verification {
    pub status: VerificationStatus,
    pub number: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub event: Option<String>,
    pub event_dates: Option<String>,
    pub code: Option<String>,
    pub revoke_reason: Option<String>,
    /// For a revoked certificate: the number of the one that replaces it, if any.
    pub replaced_by: Option<String>,
    /// The name was corrected after this copy was printed (a newer revision exists).
    pub superseded: bool,
    /// What to tell the person checking, in Bahasa Indonesia.
    pub message: String,
}

fn new_cert_code(conn: &Connection) -> rusqlite::Result<String> {
    loop {
        let bytes = uuid::Uuid::new_v4().into_bytes();
        let code: String = bytes[..CERT_CODE_LEN]
            .iter()
            .map(|b| {
                let a = crate::participants::CODE_ALPHABET;
                a[*b as usize % a.len()] as char
            })
            .collect();
        if !db::code_exists(conn, &code)? {
            return Ok(code);
        }
    }
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding: only capitals, digits and the token's dots, so the QR
/// code uses its compact alphanumeric mode (a smaller code than base64 in byte mode).
fn b32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(B32[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Strict inverse of [`b32_encode`]: any other character, an impossible length or
/// non-zero leftover bits fail, so that no two texts decode to the same bytes.
fn b32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = B32.iter().position(|&x| x == c)? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (bits < 5 && acc == 0).then_some(out)
}

/// The signed token for a certificate's QR code: `BTK1.<base32(code|number|name)>.<base32
/// of the Ed25519 signature over everything before the last dot>`.
pub fn token(signer: &crate::signing::Signer, code: &str, number: &str, name: &str) -> String {
    let signed = format!(
        "{TOKEN_PREFIX}{}",
        b32_encode(format!("{code}|{number}|{name}").as_bytes())
    );
    let sig = signer.sign_raw(signed.as_bytes());
    format!("{signed}.{}", b32_encode(&sig))
}

/// What the QR code says: the token, or the verification URL carrying it.
pub fn qr_text(base_url: Option<&str>, token: &str) -> String {
    match base_url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(base) => {
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}s={token}")
        }
        None => token.to_string(),
    }
}

/// The token inside scanned text (itself, or a URL's `s=` parameter).
fn find_token(text: &str) -> Option<&str> {
    let start = text.find(TOKEN_PREFIX)?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '&' || c == '#')
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

impl Api {
    pub(crate) fn certificate_settings_get(
        &self,
        _caller: &Caller,
        args: crate::agenda::EventArgs,
    ) -> Result<CertSettings, ApiError> {
        let conn = self.read();
        event_or_404(&conn, &args.event_id)?;
        Ok(load_settings(&conn, &args.event_id)?)
    }

    /// Who is eligible for a certificate and why (not).
    pub(crate) fn certificate_eligibility(
        &self,
        _caller: &Caller,
        args: EligibilityArgs,
    ) -> Result<Vec<Eligibility>, ApiError> {
        let role = role_filter(args.role.as_deref())?;
        let conn = self.read();
        event_or_404(&conn, &args.event_id)?;
        let settings = load_settings(&conn, &args.event_id)?;
        eligibility(&conn, &args.event_id, role, &settings)
    }

    /// Every certificate of an event, by number.
    pub(crate) fn certificate_list(
        &self,
        _caller: &Caller,
        args: crate::agenda::EventArgs,
    ) -> Result<Vec<CertificateRow>, ApiError> {
        let conn = self.read();
        event_or_404(&conn, &args.event_id)?;
        Ok(db::list_certificates(&conn, &args.event_id)?)
    }

    /// Answers "is this certificate real?" for scanned QR text or a typed code.
    pub(crate) fn certificate_verify(
        &self,
        _caller: &Caller,
        args: VerifyArgs,
    ) -> Result<Verification, ApiError> {
        let text = verify_text(&args.text)?;
        let claim = match self.claim_of(text)? {
            Ok(claim) => claim,
            Err(refusal) => return Ok(refusal.answer()),
        };
        let conn = self.read();
        let Some(found) = db::get_by_code(&conn, &claim.code)? else {
            return Ok(Refusal::NotInDatabase.answer());
        };
        if claim
            .printed
            .as_ref()
            .is_some_and(|p| p.number != found.certificate.number)
        {
            return Ok(Refusal::Tampered.answer());
        }
        let replaced_by = if found.certificate.status == CertificateStatus::Revoked {
            db::replacement_number(&conn, &found.certificate.id)?
        } else {
            None
        };
        Ok(verification(found, claim.printed.as_ref(), replaced_by))
    }

    /// What scanned or typed text claims: a signed token is decoded and its signature
    /// checked; anything else must look like a verification code.
    fn claim_of(&self, text: &str) -> Result<Result<Claim, Refusal>, ApiError> {
        let Some(token) = find_token(text) else {
            return Ok(typed_code(text).ok_or(Refusal::NotACode));
        };
        let Some(raw) = decode_token(token) else {
            return Ok(Err(Refusal::Tampered));
        };
        let Some(public) = self.verifying_key()? else {
            return Ok(Err(Refusal::Tampered));
        };
        if !crate::signing::verify_raw_with(&public, raw.signed.as_bytes(), &raw.signature) {
            return Ok(Err(Refusal::Tampered));
        }
        Ok(read_payload(raw.signed).ok_or(Refusal::Tampered))
    }

    /// This installation's public key, for whoever verifies certificates elsewhere.
    pub(crate) fn certificate_public_key(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<PublicKey, ApiError> {
        let public = match self.verifying_key()? {
            Some(p) => p,
            None => self.signer()?.public_bytes().to_vec(),
        };
        Ok(PublicKey {
            algorithm: "Ed25519".into(),
            public_key: B64URL.encode(&public),
            fingerprint: crate::signing::fingerprint(&public),
            encoding: "base64url".into(),
            token_format:
                "BTK1.<base32(kode|nomor|nama)>.<base32(tanda tangan Ed25519 atas 'BTK1.<...>')>"
                    .into(),
        })
    }

    /// The list an agency can publish so that anyone can check a certificate: number,
    /// name, role, event, dates, verification code, status (with the reason when revoked)
    /// and what the QR code says. CSV (`;`, BOM, for Indonesian Excel) or JSON. No NIK,
    /// no NIP.
    pub(crate) fn certificate_verification_list(
        &self,
        caller: &Caller,
        args: VerificationListArgs,
    ) -> Result<crate::files::FilePayload, ApiError> {
        let json = verification_list_is_json(args.format.as_deref())?;
        let event_args = crate::agenda::EventArgs {
            event_id: args.event_id.clone(),
        };
        let certs = self.certificate_list(caller, event_args)?;
        let (event, base) = {
            let conn = self.read();
            let event = event_or_404(&conn, &args.event_id)?;
            (event, load_settings(&conn, &args.event_id)?.verify_base_url)
        };
        let dates = crate::format::event_dates(&event.start_date, &event.end_date);
        let signer = self.signer()?;
        let rows: Vec<serde_json::Value> = certs
            .iter()
            .map(|c| {
                serde_json::json!({
                    "nomor": c.number,
                    "nama": c.name,
                    "peran": c.role.label(),
                    "kegiatan": event.title,
                    "tanggal": dates,
                    "kode_verifikasi": c.code,
                    "status": if c.status == CertificateStatus::Revoked { "dicabut" } else { "sah" },
                    "alasan_pencabutan": c.revoke_reason,
                    "revisi": c.revision,
                    "qr": qr_text(base.as_deref(), &token(&signer, &c.code, &c.number, &c.name)),
                })
            })
            .collect();
        let title: String = event.title.chars().take(60).collect();
        if json {
            let bytes = serde_json::to_vec_pretty(&serde_json::json!({
                "kegiatan": event.title,
                "tanggal": dates,
                "kunci_publik": signer.public_key(),
                "algoritma": "Ed25519",
                "sertifikat": rows,
            }))
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            return Ok(crate::files::FilePayload::new(
                &format!("verifikasi-sertifikat-{title}.json"),
                &bytes,
            ));
        }
        Ok(crate::files::FilePayload::new(
            &format!("verifikasi-sertifikat-{title}.csv"),
            &verification_csv(&rows),
        ))
    }

    /// The QR text of each standing certificate of a role (for the PDF), in number order.
    pub fn certificate_qr_texts(
        &self,
        event_id: &str,
        certificates: &[CertificateRow],
    ) -> Result<Vec<String>, ApiError> {
        let base = {
            let conn = self.read();
            load_settings(&conn, event_id)?.verify_base_url
        };
        let signer = self.signer()?;
        Ok(certificates
            .iter()
            .map(|c| {
                qr_text(
                    base.as_deref(),
                    &token(&signer, &c.code, &c.number, &c.name),
                )
            })
            .collect())
    }
}

/// Puts the given fields of `args` into `s`, checking each; the errors, in field order.
fn apply_settings(s: &mut CertSettings, args: SettingsArgs) -> Errors {
    let SettingsArgs {
        event_id: _,
        min_attendance,
        number_pattern,
        org_code,
        sequence_scope,
        issue_place,
        issue_date,
        verify_base_url,
        role_texts,
        role_templates,
        back_page,
        require_evaluation,
        min_posttest,
    } = args;
    let mut errors = Errors::default();
    if let Some(b) = back_page {
        s.back_page = b;
    }
    if let Some(b) = require_evaluation {
        s.require_evaluation = b;
    }
    match min_posttest {
        Some(0) => s.min_posttest = None,
        Some(m) if (1..=100).contains(&m) => s.min_posttest = Some(m),
        Some(_) => errors.add(
            "min_posttest",
            "Nilai post-test minimal 1 sampai 100, atau 0 tanpa syarat nilai.",
        ),
        None => {}
    }
    apply_numbering(
        s,
        &mut errors,
        NumberingArgs {
            min_attendance,
            number_pattern,
            org_code,
            sequence_scope,
        },
    );
    apply_issue(s, &mut errors, issue_place, issue_date, verify_base_url);
    if let Some(texts) = role_texts {
        s.role_texts = clean_role_texts(texts, &mut errors);
    }
    if let Some(t) = role_templates {
        s.role_templates = t
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
    }
    errors
}

/// The settings fields that decide who earns a certificate and how it is numbered.
struct NumberingArgs {
    min_attendance: Option<i64>,
    number_pattern: Option<String>,
    org_code: Option<String>,
    sequence_scope: Option<String>,
}

fn apply_numbering(s: &mut CertSettings, errors: &mut Errors, args: NumberingArgs) {
    if let Some(m) = args.min_attendance {
        if !(0..=100).contains(&m) {
            errors.add(
                "min_attendance",
                "Batas kehadiran harus antara 0 dan 100 persen.",
            );
        }
        s.min_attendance = m;
    }
    if let Some(p) = args.number_pattern {
        let p = crate::validate::one_line(&p);
        crate::validate::text(errors, "number_pattern", "Pola nomor", Some(&p), 200);
        if let Err(m) = check_pattern(&p) {
            errors.add("number_pattern", m);
        }
        s.number_pattern = p;
    }
    if let Some(o) = args.org_code {
        s.org_code = clean_opt(Some(o));
        crate::validate::text(
            errors,
            "org_code",
            "Kode instansi",
            s.org_code.as_deref(),
            crate::validate::MAX_SHORT,
        );
        if s.org_code
            .as_deref()
            .is_some_and(|o| o.chars().count() > 40)
        {
            errors.add("org_code", "Kode instansi paling panjang 40 huruf.");
        }
    }
    if let Some(scope) = args.sequence_scope {
        match SequenceScope::parse(&scope) {
            Some(scope) => s.sequence_scope = scope,
            None => errors.add(
                "sequence_scope",
                "Urutan nomor: pilih \"event\" (per kegiatan) atau \"year\" (per tahun).",
            ),
        }
    }
    if s.sequence_scope == SequenceScope::Year && !s.number_pattern.contains("{year}") {
        errors.add(
            "number_pattern",
            "Dengan urutan per tahun, pola nomor harus memuat {year} agar nomor tidak berulang.",
        );
    }
}

/// The place, date and verification address printed on the certificates.
fn apply_issue(
    s: &mut CertSettings,
    errors: &mut Errors,
    issue_place: Option<String>,
    issue_date: Option<String>,
    verify_base_url: Option<String>,
) {
    if let Some(p) = issue_place {
        s.issue_place = clean_opt(Some(p));
        crate::validate::text(
            errors,
            "issue_place",
            "Tempat terbit",
            s.issue_place.as_deref(),
            crate::validate::MAX_SHORT,
        );
    }
    if let Some(d) = issue_date {
        let d = clean_opt(Some(d));
        if let Some(d) = &d {
            if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                errors.add("issue_date", "Tanggal terbit harus berformat TTTT-BB-HH.");
            }
        }
        s.issue_date = d;
    }
    if let Some(u) = verify_base_url {
        let u = clean_opt(Some(u));
        check_verify_url(errors, u.as_deref());
        s.verify_base_url = u;
    }
}

fn check_verify_url(errors: &mut Errors, url: Option<&str>) {
    crate::validate::text(errors, "verify_base_url", "Alamat verifikasi", url, 200);
    if let Some(u) = url {
        if !(u.starts_with("https://") || u.starts_with("http://"))
            || u.len() > 200
            || u.contains(' ')
        {
            errors.add(
                "verify_base_url",
                "Alamat verifikasi harus diawali https:// (paling panjang 200 huruf).",
            );
        }
    }
}

/// The wording per role, keyed by the role's own name; unknown roles, control characters
/// and texts over 120 characters are errors, empty texts are dropped.
fn clean_role_texts(
    texts: BTreeMap<String, String>,
    errors: &mut Errors,
) -> BTreeMap<String, String> {
    let mut clean = BTreeMap::new();
    for (k, v) in texts {
        if Role::parse(&k).is_none() {
            errors.add(&format!("role_texts.{k}"), "Peran tidak dikenal.");
            continue;
        }
        let v = crate::validate::one_line(&v);
        if crate::validate::has_control(&v) {
            errors.add(
                &format!("role_texts.{k}"),
                crate::validate::control_message("Teks peran"),
            );
        } else if v.chars().count() > 120 {
            errors.add(
                &format!("role_texts.{k}"),
                "Teks peran paling panjang 120 huruf.",
            );
        }
        if !v.is_empty() {
            clean.insert(
                Role::parse(&k).map(|r| r.as_str().to_string()).unwrap_or(k),
                v,
            );
        }
    }
    clean
}

/// Every role's template must exist (or be the built-in one), under a known role.
fn check_role_templates(
    tx: &Connection,
    role_templates: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    for (role, id) in role_templates {
        let exists = db::template_exists(tx, id)?;
        let builtin = id == crate::certificate_print::DEFAULT_TEMPLATE_ID;
        if !(exists || builtin) || Role::parse(role).is_none() {
            return Err(ApiError::field(
                &format!("role_templates.{role}"),
                "Templat tidak ditemukan.",
            ));
        }
    }
    Ok(())
}

/// The text to verify, trimmed; empty or overlong text is refused.
fn verify_text(text: &str) -> Result<&str, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::field(
            "text",
            "Pindai QR sertifikat atau ketik kode verifikasinya.",
        ));
    }
    // A QR token or a verification URL is well under this.
    crate::validate::check("text", "Kode verifikasi", Some(text), 2_000)?;
    Ok(text)
}

/// A token split into what was signed and its signature, neither checked yet.
struct RawToken<'a> {
    signed: &'a str,
    signature: Vec<u8>,
}

fn decode_token(token: &str) -> Option<RawToken<'_>> {
    let (signed, signature) = token.rsplit_once('.')?;
    Some(RawToken {
        signed,
        signature: b32_decode(signature)?,
    })
}

/// What a certificate's QR says was printed on it.
struct Printed {
    number: String,
    name: String,
}

/// The certificate a text points at, and what its QR said was printed (none for a typed code).
struct Claim {
    code: String,
    printed: Option<Printed>,
}

/// The `code|number|name` inside a token whose signature has been checked.
fn read_payload(signed: &str) -> Option<Claim> {
    let bytes = b32_decode(signed.get(TOKEN_PREFIX.len()..)?)?;
    let payload = String::from_utf8(bytes).ok()?;
    let mut parts = payload.splitn(3, '|');
    let (code, number, name) = (parts.next()?, parts.next()?, parts.next()?);
    Some(Claim {
        code: code.to_string(),
        printed: Some(Printed {
            number: number.to_string(),
            name: name.to_string(),
        }),
    })
}

/// A typed verification code: its letters and digits, upper case, of the right length.
fn typed_code(text: &str) -> Option<Claim> {
    let code: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    (code.len() == CERT_CODE_LEN).then_some(Claim {
        code,
        printed: None,
    })
}

/// What a verification found: a standing certificate, a revoked one, a QR whose
/// signature does not match, or nothing this database knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    Valid,
    Revoked,
    Tampered,
    Unknown,
}

/// Why a text is no certificate of this database.
enum Refusal {
    Tampered,
    NotACode,
    NotInDatabase,
}

impl Refusal {
    fn answer(self) -> Verification {
        let (status, message) = match self {
            Refusal::Tampered => (
                VerificationStatus::Tampered,
                "PALSU ATAU DIUBAH: tanda tangan digital pada QR tidak cocok. Sertifikat ini tidak diterbitkan oleh aplikasi ini, atau isinya telah diubah.",
            ),
            Refusal::NotACode => (
                VerificationStatus::Unknown,
                "TIDAK DIKENAL: teks ini bukan QR atau kode verifikasi sertifikat Bintek.",
            ),
            Refusal::NotInDatabase => (
                VerificationStatus::Unknown,
                "TIDAK DIKENAL: sertifikat dengan kode ini tidak ada di basis data ini.",
            ),
        };
        Verification {
            status,
            number: None,
            name: None,
            role: None,
            event: None,
            event_dates: None,
            code: None,
            revoke_reason: None,
            replaced_by: None,
            superseded: false,
            message: message.to_string(),
        }
    }
}

/// The answer for a certificate found in the database (its QR, if any, untampered).
fn verification(
    found: db::CertificateWithEvent,
    printed: Option<&Printed>,
    replaced_by: Option<String>,
) -> Verification {
    let db::CertificateWithEvent {
        certificate: c,
        event_title: title,
        start_date: start,
        end_date: end,
    } = found;
    let dates = crate::format::event_dates(&start, &end);
    let superseded = printed.is_some_and(|p| p.name != c.name);
    let role_label = Some(c.role.label().to_string());
    let revoked = c.status == CertificateStatus::Revoked;
    let message = if revoked {
        revoked_message(&c, replaced_by.as_deref())
    } else if superseded {
        format!(
            "SAH, dengan perbaikan nama: sertifikat nomor {} kini atas nama {} (revisi {}).",
            c.number, c.name, c.revision
        )
    } else {
        format!(
            "SAH: sertifikat nomor {} atas nama {}, {} pada {} ({dates}).",
            c.number,
            c.name,
            role_label.clone().unwrap_or_default().to_lowercase(),
            title
        )
    };
    Verification {
        status: if revoked {
            VerificationStatus::Revoked
        } else {
            VerificationStatus::Valid
        },
        number: Some(c.number),
        name: Some(c.name),
        role: role_label,
        event: Some(title),
        event_dates: Some(dates),
        code: Some(c.code),
        revoke_reason: c.revoke_reason,
        replaced_by,
        superseded,
        message,
    }
}

fn revoked_message(c: &CertificateRow, replaced_by: Option<&str>) -> String {
    let mut m = format!(
        "DICABUT: sertifikat nomor {} atas nama {} telah dicabut. Alasan: {}.",
        c.number,
        c.name,
        c.revoke_reason
            .clone()
            .unwrap_or_default()
            .trim_end_matches('.')
    );
    if let Some(n) = replaced_by {
        m.push_str(&format!(" Penggantinya: sertifikat nomor {n}."));
    }
    m
}

/// The verification list's format: JSON, or CSV (the default).
fn verification_list_is_json(format: Option<&str>) -> Result<bool, ApiError> {
    match format.map(|f| f.trim().to_lowercase()) {
        None => Ok(false),
        Some(f) if f.is_empty() || f == "csv" => Ok(false),
        Some(f) if f == "json" => Ok(true),
        Some(_) => Err(ApiError::field(
            "format",
            "Format tidak dikenal: pilih \"csv\" atau \"json\".",
        )),
    }
}

/// The verification list's rows as CSV, one column per key, under Indonesian headers.
fn verification_csv(rows: &[serde_json::Value]) -> Vec<u8> {
    use bintek_docs::sheet::{write_csv, OutCell};
    let keys = [
        "nomor",
        "nama",
        "peran",
        "kegiatan",
        "tanggal",
        "kode_verifikasi",
        "status",
        "alasan_pencabutan",
        "revisi",
        "qr",
    ];
    let header = [
        "Nomor",
        "Nama",
        "Peran",
        "Kegiatan",
        "Tanggal",
        "Kode Verifikasi",
        "Status",
        "Alasan Pencabutan",
        "Revisi",
        "Isi QR",
    ]
    .map(String::from)
    .to_vec();
    let cells: Vec<Vec<OutCell>> = rows
        .iter()
        .map(|r| {
            keys.iter()
                .map(|k| match &r[*k] {
                    serde_json::Value::String(s) => OutCell::Text(s.clone()),
                    serde_json::Value::Number(n) => OutCell::Number(n.as_f64().unwrap_or(0.0)),
                    _ => OutCell::Empty,
                })
                .collect()
        })
        .collect();
    write_csv(&header, &cells)
}

/// Changes the given settings of an event. The current settings are read, changed and
/// written in one transaction, so a change made meanwhile elsewhere (the desktop and
/// `bintek serve` on one database) is never overwritten with what was read before it.
pub(crate) fn certificate_settings_set(
    tx: &Tx,
    args: SettingsArgs,
) -> Result<CertSettings, ApiError> {
    event_or_404(tx, &args.event_id)?;
    let mut s = load_settings(tx, &args.event_id)?;
    let errors = apply_settings(&mut s, args);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    check_role_templates(tx, &s.role_templates)?;
    db::upsert_settings(tx, &s, &store::now())?;
    tx.audit(Audit::CertificateSettings, Some(&s.event_id), None)?;
    Ok(load_settings(tx, &s.event_id)?)
}

/// Decides one person's eligibility by hand, with a reason (logged); `eligible: null`
/// returns them to the rule.
pub(crate) fn certificate_override(tx: &Tx, args: OverrideArgs) -> Result<Eligibility, ApiError> {
    let reason = crate::validate::one_line(&args.reason);
    crate::validate::check("reason", "Alasan", Some(&reason), crate::validate::MAX_NOTE)?;
    if args.eligible.is_some() && reason.is_empty() {
        return Err(ApiError::field(
            "reason",
            "Tuliskan alasannya, misalnya \"sakit, surat keterangan dokter\".",
        ));
    }
    let event_id = db::registration_event(tx, &args.registration_id)?.ok_or_else(|| {
        ApiError::field("registration_id", "Peserta tidak ditemukan.")
            .with_code(ErrorCode::NotFound)
    })?;
    match args.eligible {
        Some(e) => {
            db::upsert_override(
                tx,
                &args.registration_id,
                e,
                &reason,
                &tx.caller.actor,
                &store::now(),
            )?;
        }
        None => {
            db::delete_override(tx, &args.registration_id)?;
        }
    }
    tx.audit(
        Audit::CertificateOverride,
        Some(&args.registration_id),
        Some(&match args.eligible {
            Some(true) => format!("diluluskan: {reason}"),
            Some(false) => format!("tidak diluluskan: {reason}"),
            None => "kembali ke aturan".to_string(),
        }),
    )?;
    let settings = load_settings(tx, &event_id)?;
    eligibility(tx, &event_id, None, &settings)?
        .into_iter()
        .find(|e| e.registration_id == args.registration_id)
        .ok_or_else(|| {
            ApiError::field(
                "registration_id",
                "Pendaftaran ini tidak aktif (dibatalkan atau digantikan).",
            )
        })
}

/// Numbers the certificates of the eligible people of a role: a new number for those
/// without one (gapless sequence), a new revision for a corrected name; numbers are
/// never reused or changed. All in one transaction.
pub(crate) fn certificate_issue(tx: &Tx, args: IssueArgs) -> Result<IssueResult, ApiError> {
    let role = role_or_participants(args.role.as_deref())?;
    // Numbers are for printing: with the key missing, say so before any is given.
    crate::signing::signer_in(tx, tx.api.path())?;

    let event = event_or_404(tx, &args.event_id)?;
    let settings = load_settings(tx, &event.id)?;
    let numbering = Numbering::new(&event, &settings)?;
    let people = eligibility(tx, &event.id, role, &settings)?;
    let now = store::now();
    let (mut new, mut reissued, mut ineligible) = (0, 0, 0);
    for p in &people {
        match &p.certificate {
            Some(c) if c.name != p.name && c.status == CertificateStatus::Issued => {
                db::update_name(tx, &c.id, &p.name, &now)?;
                tx.audit(
                    Audit::CertificateReissue,
                    Some(&c.id),
                    Some(&format!("{}: \"{}\" → \"{}\"", c.number, c.name, p.name)),
                )?;
                reissued += 1;
            }
            Some(_) => {}
            None if !p.eligible => ineligible += 1,
            None => {
                numbering.insert(tx, &event.id, p, None, &now)?;
                new += 1;
            }
        }
    }
    let all = db::by_registration(tx, &event.id)?;
    let mut certificates: Vec<CertificateRow> = people
        .iter()
        .filter_map(|p| all.get(&p.registration_id).cloned())
        .filter(|c| c.status == CertificateStatus::Issued)
        .collect();
    certificates.sort_by_key(|c| c.number.clone());
    Ok(IssueResult {
        issued: certificates.len(),
        new,
        reissued,
        ineligible,
        certificates,
    })
}

/// Revokes a certificate by its number, with a reason; it keeps its number.
pub(crate) fn certificate_revoke(tx: &Tx, args: RevokeArgs) -> Result<CertificateRow, ApiError> {
    let reason = crate::validate::one_line(&args.reason);
    if reason.is_empty() {
        return Err(ApiError::field("reason", "Tuliskan alasan pencabutan."));
    }
    crate::validate::check("reason", "Alasan", Some(&reason), crate::validate::MAX_NOTE)?;

    let c = db::get_by_number(tx, args.number.trim())?.ok_or_else(|| {
        ApiError::field(
            "number",
            format!("Sertifikat nomor {} tidak ditemukan.", args.number.trim()),
        )
        .with_code(ErrorCode::NotFound)
    })?;
    if c.status != CertificateStatus::Revoked {
        revoke_in(tx, tx.caller, &c, &reason, &store::now())?;
    }
    Ok(db::get_certificate(tx, &c.id)?)
}

/// Replaces a revoked certificate with a new one for the same person (a revocation by
/// mistake, or one whose reason no longer holds): the next number of the sequence and
/// a new code; the revoked one keeps its number, stays revoked and is named in the new
/// one's `replaces`. The person must still be registered and eligible (or overridden).
pub(crate) fn certificate_replace(tx: &Tx, args: ReplaceArgs) -> Result<CertificateRow, ApiError> {
    let number = args.number.trim();
    crate::signing::signer_in(tx, tx.api.path())?;

    let old = db::get_by_number_with_event(tx, number)?;
    let Some((old, event_id)) = old else {
        return Err(ApiError::field(
            "number",
            format!("Sertifikat nomor {number} tidak ditemukan."),
        )
        .with_code(ErrorCode::NotFound));
    };
    if old.status != CertificateStatus::Revoked {
        return Err(ApiError::field(
                    "number",
                    format!(
                        "Sertifikat {number} masih berlaku; hanya sertifikat yang dicabut yang dapat diganti."
                    ),
                )
                .with_code(ErrorCode::Conflict));
    }
    let event = event_or_404(tx, &event_id)?;
    let settings = load_settings(tx, &event.id)?;
    let person = eligibility(tx, &event.id, None, &settings)?
        .into_iter()
        .find(|p| p.registration_id == old.registration_id);
    let Some(person) = person else {
        return Err(ApiError::field(
                    "number",
                    format!(
                        "Pendaftaran pemilik sertifikat {number} sudah tidak aktif (dibatalkan atau digantikan)."
                    ),
                )
                .with_code(ErrorCode::Conflict));
    };
    if let Some(standing) = person
        .certificate
        .as_ref()
        .filter(|c| c.status == CertificateStatus::Issued)
    {
        return Err(ApiError::field(
            "number",
            format!(
                "{} sudah memegang sertifikat yang berlaku: {}.",
                person.name, standing.number
            ),
        )
        .with_code(ErrorCode::Conflict));
    }
    if !person.eligible {
        return Err(ApiError::field(
                    "number",
                    format!(
                        "{} tidak memenuhi syarat ({}). Beri pengecualian di Kelayakan bila ia tetap berhak.",
                        person.name, person.reason
                    ),
                )
                .with_code(ErrorCode::Conflict));
    }
    let now = store::now();
    let id =
        Numbering::new(&event, &settings)?.insert(tx, &event.id, &person, Some(&old.id), &now)?;
    let new = db::get_certificate(tx, &id)?;
    tx.audit(
        Audit::CertificateReplace,
        Some(&id),
        Some(&format!("{} → {}", old.number, new.number)),
    )?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_checked_and_filled() {
        let d = NaiveDate::from_ymd_opt(2019, 9, 18).expect("date");
        assert_eq!(
            format_number(DEFAULT_PATTERN, 7, "DISKOMINFO", d),
            "007/BIMTEK/DISKOMINFO/IX/2019"
        );
        assert_eq!(format_number("{seq}-{month}", 12, "X", d), "12-09");
        assert!(check_pattern(DEFAULT_PATTERN).is_ok());
        assert!(check_pattern("BIMTEK/{year}")
            .unwrap_err()
            .contains("{seq}"));
        assert!(check_pattern("{seq:3}/{bulan}")
            .unwrap_err()
            .contains("tidak dikenal"));
        assert!(check_pattern("{seq:12}").is_err());
        assert!(check_pattern("{seq:3").is_err());
    }

    #[test]
    fn base32_round_trips_and_is_strict() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = b32_encode(&bytes);
            assert!(text
                .bytes()
                .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)));
            assert_eq!(b32_decode(&text), Some(bytes));
        }
        assert_eq!(b32_decode("MZXW6"), Some(b"foo".to_vec()));
        assert_eq!(b32_decode("MZXW7"), None, "leftover bits must be zero");
        assert_eq!(b32_decode("mzxw6"), None);
        assert_eq!(b32_decode("MZXW6Y"), None, "impossible length");
    }

    #[test]
    fn tokens_are_found_in_urls_and_text() {
        assert_eq!(
            find_token("https://x.go.id/v?s=BTK1.abc.def&x=1"),
            Some("BTK1.abc.def")
        );
        assert_eq!(find_token("BTK1.abc.def"), Some("BTK1.abc.def"));
        assert_eq!(find_token("K7Q2MXAB"), None);
        assert_eq!(
            qr_text(Some("https://x.go.id/v"), "T"),
            "https://x.go.id/v?s=T"
        );
        assert_eq!(
            qr_text(Some("https://x.go.id/v?a=1"), "T"),
            "https://x.go.id/v?a=1&s=T"
        );
    }

    #[test]
    fn org_codes_come_from_the_organizer() {
        let mut e: Event = serde_json::from_value(serde_json::json!({
            "id": "x", "title": "t", "theme": null, "organizer": "Dinas Komunikasi dan Informatika Kabupaten Grobogan",
            "venue": null, "city": null, "start_date": "2019-09-17", "end_date": "2019-09-18",
            "legal_basis": null, "total_jp": null, "notes": null, "archived": false, "archived_at": null,
            "created_at": "", "updated_at": ""
        }))
        .expect("event");
        assert_eq!(org_from(&e), "DISKOMINFO");
        e.organizer =
            Some("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Semarang".into());
        assert_eq!(org_from(&e), "BKPSDM");
        e.organizer = None;
        assert_eq!(org_from(&e), "BINTEK");
    }
}
