//! The participants' own page: each participant signs in on their phone with the check-in
//! code of their badge and sees only their own registration — the agenda with their own
//! attendance, and their certificate once it is issued.
//!
//! The organizer opens the page per event (`portal_set`); while it is closed no code
//! signs in and no token works. The server checks how often an address may try a code
//! (see `bintek_server::lan::CodeLimiter`) and then calls [`Api::participant_login`],
//! which answers a random token once; only its SHA-256 is stored. Every later request
//! carries the token and [`Api::participant_for_token`] turns it into a [`Caller`] with
//! the *participant* role and the registration: the participant commands (`me_…`) act
//! on that registration alone and take no id from the request, so there is nothing to
//! point at someone else's.

use serde::{Deserialize, Serialize};

use crate::agenda::EventArgs;
use crate::api::{Api, Caller, NoArgs};
use crate::desks::{hash, new_token};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::model::Role;
use crate::store::audit::Audit;
use crate::store::{self, portal as q};
use crate::tx::Tx;

/// Whether an event's participants' page is open, and how many have signed in.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Portal {
    pub event_id: String,
    pub open: bool,
    /// Standing registrations that have signed in on a phone at least once.
    pub signed_in: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PortalSetArgs {
    pub event_id: String,
    pub open: bool,
}

/// What a participant sees of their event.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeEvent {
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub venue: Option<String>,
    pub city: Option<String>,
}

/// One session of the agenda, with whether this participant's attendance stands.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeSession {
    pub id: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub room: Option<String>,
    pub speakers: Vec<String>,
    pub takes_attendance: bool,
    pub attended: bool,
    /// The narasumber's materials, downloadable once the session has started.
    pub materials: Vec<crate::materials::MeMaterial>,
}

/// The participant's certificate, once issued.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeCertificate {
    pub number: String,
    pub issued_at: String,
}

/// `me_get`: the participant's own page.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Me {
    pub name: String,
    pub opd: Option<String>,
    pub role: Role,
    pub code: String,
    pub event: MeEvent,
    pub sessions: Vec<MeSession>,
    pub certificate: Option<MeCertificate>,
}

/// What signing in answers: the token (sent as `Authorization: Bearer` from then on)
/// and the name, so the phone can greet its owner at once.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ParticipantLogin {
    pub token: String,
    pub name: String,
}

/// Why a code did not sign in: the server counts only `Unknown` against the address.
#[derive(Debug)]
pub enum LoginRefused {
    /// No registration has this code (or it is not a code at all).
    Unknown(ApiError),
    /// The code is someone's, but they may not sign in now (page closed, cancelled).
    NotNow(ApiError),
}

impl LoginRefused {
    pub fn error(self) -> ApiError {
        match self {
            LoginRefused::Unknown(e) | LoginRefused::NotNow(e) => e,
        }
    }
}

/// The code as typed ("k7q-2mx", " K7Q2MX ") in the form it is stored in, or `None`
/// when it cannot be a check-in code.
pub fn normalize_code(input: &str) -> Option<String> {
    if input.len() > 64 {
        return None;
    }
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    (code.len() == crate::participants::CODE_LEN
        && code
            .bytes()
            .all(|b| crate::participants::CODE_ALPHABET.contains(&b)))
    .then_some(code)
}

fn closed() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "Halaman peserta kegiatan ini sedang ditutup panitia. Coba lagi nanti atau tanyakan ke meja registrasi.",
    )
}

/// Whether `s` (who signs in) may use the page now.
fn may_use(s: &q::SignIn) -> Result<(), ApiError> {
    if s.status != "registered" {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Pendaftaran dengan kode ini sudah dibatalkan atau digantikan. Tanyakan ke meja registrasi.",
        ));
    }
    if !s.open || s.archived {
        return Err(closed());
    }
    Ok(())
}

impl Api {
    /// Signs a participant in with the check-in code of their badge (the server has
    /// checked that this address may still try). Returns a new token, shown once.
    pub fn participant_login(&self, code: &str) -> Result<ParticipantLogin, LoginRefused> {
        let unknown = || {
            LoginRefused::Unknown(ApiError::field(
                "code",
                "Kode tidak dikenal. Periksa kode 6 huruf/angka pada kartu peserta Anda (tanpa huruf O, I, L dan angka 0, 1).",
            ).with_code(ErrorCode::Unauthorized))
        };
        let code = normalize_code(code).ok_or_else(unknown)?;
        let token = new_token();
        let name = self
            .write(|t| {
                let Some(s) = q::by_code(t, &code)? else {
                    return Ok(None);
                };
                may_use(&s)?;
                q::insert_session(t, &hash(&token), &s.registration_id, &store::now())?;
                store::audit::insert_audit(
                    t,
                    &format!("peserta {}", s.name),
                    Audit::ParticipantLogin,
                    Some(&s.registration_id),
                    None,
                )?;
                Ok(Some(s.name))
            })
            .map_err(LoginRefused::NotNow)?
            .ok_or_else(unknown)?;
        Ok(ParticipantLogin { token, name })
    }

    /// The participant a token belongs to: `Ok(None)` for no such token, an error when
    /// the page is closed or the registration no longer stands.
    pub fn participant_for_token(&self, token: &str) -> Result<Option<Caller>, ApiError> {
        let token = token.trim();
        if token.is_empty() || token.len() > 200 {
            return Ok(None);
        }
        let h = hash(token);
        let found = {
            let conn = self.read();
            q::by_token_hash(&conn, &h)?
        };
        let Some(s) = found else {
            return Ok(None);
        };
        may_use(&s)?;
        let stale = crate::desks::seen_is_stale(s.last_seen_at.as_deref());
        if stale && !self.is_read_only() {
            // Best effort: a busy database must not refuse the participant.
            let _ = q::touch_session(&self.conn(), &h, &store::now());
        }
        Ok(Some(Caller::participant(
            &s.registration_id,
            &format!("peserta {}", s.name),
        )))
    }

    pub(crate) fn portal_get(&self, _caller: &Caller, args: EventArgs) -> Result<Portal, ApiError> {
        let conn = self.read();
        crate::agenda::event_or_404(&conn, &args.event_id)?;
        Ok(Portal {
            open: q::is_open(&conn, &args.event_id)?,
            signed_in: q::signed_in_count(&conn, &args.event_id)?,
            event_id: args.event_id,
        })
    }

    pub(crate) fn me_get(&self, caller: &Caller, _args: NoArgs) -> Result<Me, ApiError> {
        let id = own_registration(caller)?;
        let conn = self.read();
        let p = crate::participants::participant_of(&conn, id)?;
        let event = crate::agenda::event_or_404(&conn, &p.event_id)?;
        let attended: std::collections::HashSet<String> =
            store::attendance::registration_checkins(&conn, id)?
                .into_iter()
                .filter(|(_, c, _)| c.undone_at.is_none())
                .map(|(session, _, _)| session)
                .collect();
        let sessions = store::agenda::list_sessions(&conn, &p.event_id)?;
        let mut materials = crate::materials::for_participant(&conn, &p.event_id, id, &sessions)?;
        let sessions = sessions
            .into_iter()
            .map(|s| MeSession {
                materials: materials.remove(&s.id).unwrap_or_default(),
                attended: attended.contains(&s.id),
                speakers: s.speakers.into_iter().map(|r| r.name).collect(),
                id: s.id,
                date: s.date,
                start_time: s.start_time,
                end_time: s.end_time,
                title: s.title,
                room: s.room,
                takes_attendance: s.takes_attendance,
            })
            .collect();
        let certificate = store::certificate_templates::standing_certificates(&conn, &p.event_id)?
            .into_iter()
            .find(|c| c.registration_id == id)
            .map(|c| MeCertificate {
                number: c.number,
                issued_at: c.issued_at,
            });
        Ok(Me {
            name: p.name,
            opd: p.opd.or(p.institution),
            role: p.role,
            code: p.code,
            event: MeEvent {
                title: event.title,
                start_date: event.start_date,
                end_date: event.end_date,
                venue: event.venue,
                city: event.city,
            },
            sessions,
            certificate,
        })
    }

    /// The participant's own certificate as a PDF, once issued.
    pub(crate) fn me_certificate(
        &self,
        caller: &Caller,
        _args: NoArgs,
    ) -> Result<FilePayload, ApiError> {
        let id = own_registration(caller)?;
        let (event_id, issued) = {
            let conn = self.read();
            let event_id = crate::participants::participant_of(&conn, id)?.event_id;
            let issued = store::certificate_templates::standing_certificates(&conn, &event_id)?
                .iter()
                .any(|c| c.registration_id == id);
            (event_id, issued)
        };
        if !issued {
            return Err(ApiError::not_found(
                "Sertifikat Anda belum terbit. Panitia menerbitkannya setelah kegiatan; coba lagi nanti.",
            ));
        }
        let prepared = self.certificate_prepare_for(&event_id, None, Some(id))?;
        let bytes = prepared.render_one()?;
        let name = prepared
            .file_names
            .first()
            .map(String::as_str)
            .unwrap_or("sertifikat.pdf");
        Ok(FilePayload::new(name, &bytes))
    }
}

/// The registration of a participant caller (the role check let only participants in).
fn own_registration(caller: &Caller) -> Result<&str, ApiError> {
    caller.registration_id.as_deref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Forbidden,
            "Perintah ini hanya untuk peserta yang masuk dengan kode kartunya.",
        )
    })
}

pub(crate) fn portal_set(tx: &Tx, args: PortalSetArgs) -> Result<Portal, ApiError> {
    crate::agenda::event_or_404(tx, &args.event_id)?;
    q::set_open(tx, &args.event_id, args.open, &store::now())?;
    tx.audit(
        Audit::Portal,
        Some(&args.event_id),
        Some(if args.open { "open" } else { "closed" }),
    )?;
    Ok(Portal {
        open: args.open,
        signed_in: q::signed_in_count(tx, &args.event_id)?,
        event_id: args.event_id,
    })
}

#[cfg(test)]
mod tests {
    use super::normalize_code;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(normalize_code(" k7q-2mx "), Some("K7Q2MX".into()));
        assert_eq!(normalize_code("K7Q 2MX"), Some("K7Q2MX".into()));
        assert_eq!(normalize_code("K7Q2M"), None);
        assert_eq!(normalize_code("K7Q2M0"), None, "0 is not in the alphabet");
        assert_eq!(normalize_code("K7Q2MXX"), None);
        assert_eq!(normalize_code(&"A".repeat(100)), None);
        assert_eq!(normalize_code("K7Q2MÉ"), None);
    }
}
