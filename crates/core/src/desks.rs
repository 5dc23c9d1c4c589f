//! Registration desks paired with the host in LAN mode.
//!
//! The server checks the pairing PIN (it lives only in the running server's memory) and then
//! asks the Api to pair a desk: the desk gets a random token once; only its SHA-256 is
//! stored. Every later request of the desk carries the token; [`Api::desk_for_token`] turns
//! it into a [`Caller`] with the *desk* role, whose name is written on its check-ins. The
//! organizer lists desks with their counts and revokes one; a revoked token is refused at
//! once.

use crate::store::audit::Audit;
use crate::tx::Tx;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::api::{Api, Caller, NoArgs, Role};
use crate::error::{ApiError, ErrorCode};
use crate::store::{self, desks as dq};

pub use crate::store::desks::Desk;

/// A desk's name is at most this long (it is printed on logs and lists).
pub const MAX_DESK_NAME: usize = 40;
/// Names the organizer's own front doors write on check-ins and the audit log: a desk
/// named so would pass its scans off as the organizer's.
pub const RESERVED_DESK_NAMES: &[&str] = &[
    "lan-admin",
    "lan",
    "desktop",
    "cli",
    "http",
    "bench",
    "demo",
    "preview",
    "admin",
    "panitia",
    "sistem",
    "system",
];

/// `last_seen_at` is refreshed at most this often, so that authentication is a read.
const SEEN_EVERY: Duration = Duration::from_secs(60);

/// Whether a `last_seen_at` (RFC 3339, or none) is older than [`SEEN_EVERY`]: time to
/// write it again (a desk's, a participant's session).
pub(crate) fn seen_is_stale(seen: Option<&str>) -> bool {
    seen.and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .is_none_or(|t| {
            chrono::Utc::now()
                .signed_duration_since(t)
                .to_std()
                .unwrap_or_default()
                > SEEN_EVERY
        })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct DeskIdArgs {
    pub id: String,
}

/// An event as a desk needs it to choose where to check people in.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DeskEvent {
    pub id: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub venue: Option<String>,
}

/// The SHA-256 of a token as hex: what is stored instead of it (desks, participants).
pub(crate) fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 244 random bits (two v4 UUIDs, from the OS generator) as 64 hex digits.
pub(crate) fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The desk name written on check-ins: a paired desk's own name (it cannot claim
/// another's), else the name the caller gave, else the caller's actor unless that is the
/// organizer's own window or CLI.
pub(crate) fn desk_name(caller: &Caller, given: Option<&str>) -> Option<String> {
    if caller.role == Role::Desk {
        return Some(caller.actor.clone());
    }
    given
        .map(crate::validate::one_line)
        .filter(|d| !d.is_empty())
        .or_else(|| {
            (caller.actor != "desktop" && caller.actor != "cli").then(|| caller.actor.clone())
        })
}

impl Api {
    /// Pairs a desk named `name` (the server has checked the PIN). Returns the desk and its
    /// token; the token is not stored and cannot be shown again.
    pub fn desk_pair(&self, name: &str) -> Result<(Desk, String), ApiError> {
        let name = crate::validate::one_line(name);
        if name.is_empty() {
            return Err(ApiError::field(
                "desk",
                "Isi nama meja, misalnya \"Meja 2\".",
            ));
        }
        // "LAN Admin", "lan_admin" and "lan-admin" are one name.
        let folded: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if RESERVED_DESK_NAMES
            .iter()
            .any(|r| r.replace('-', "") == folded)
        {
            return Err(ApiError::field(
                "desk",
                format!(
                    "Nama \"{name}\" dipakai oleh komputer panitia; beri nama meja lain, misalnya \"Meja 2\"."
                ),
            ));
        }
        if name.chars().count() > MAX_DESK_NAME {
            return Err(ApiError::field(
                "desk",
                format!("Nama meja paling panjang {MAX_DESK_NAME} huruf."),
            ));
        }
        let token = new_token();
        let desk = self.write(|tx| {
            if dq::name_taken(tx, &name)? {
                return Err(ApiError::field(
                    "desk",
                    format!("Nama meja \"{name}\" sudah dipakai meja lain; pilih nama lain."),
                )
                .with_code(ErrorCode::Conflict));
            }
            let id = store::new_id();
            dq::insert_desk(tx, &id, &name, &hash(&token), &store::now())?;
            crate::store::audit::insert_audit(tx, "lan", Audit::DeskPair, Some(&id), Some(&name))?;
            Ok(dq::get_desk(tx, &id)?.expect("just inserted"))
        })?;
        Ok((desk, token))
    }

    /// The caller a desk token stands for, or `None` for an unknown or revoked token.
    pub fn desk_for_token(&self, token: &str) -> Result<Option<Caller>, ApiError> {
        let token = token.trim();
        if token.is_empty() || token.len() > 200 {
            return Ok(None);
        }
        let conn = self.conn();
        let Some((id, name, seen)) = dq::desk_by_token_hash(&conn, &hash(token))? else {
            return Ok(None);
        };
        let stale = seen_is_stale(seen.as_deref());
        if stale {
            // Best effort: a busy database must not refuse the desk.
            let _ = dq::touch_desk(&conn, &id, &store::now());
        }
        Ok(Some(Caller::desk(&name)))
    }

    /// Paired desks, newest first, with their check-in and scan counts.
    pub(crate) fn desk_list(&self, _caller: &Caller, _args: NoArgs) -> Result<Vec<Desk>, ApiError> {
        let conn = self.read();
        Ok(dq::list_desks(&conn)?)
    }

    /// The events a desk can check people in for: those not archived, newest first.
    pub(crate) fn desk_events(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<Vec<DeskEvent>, ApiError> {
        let conn = self.read();
        Ok(crate::store::events::list_events(&conn, false)?
            .into_iter()
            .map(|e| DeskEvent {
                id: e.id,
                title: e.title,
                start_date: e.start_date,
                end_date: e.end_date,
                venue: e.venue,
            })
            .collect())
    }
}

/// Revokes a desk: its token is refused from now on; its check-ins stay.
pub(crate) fn desk_revoke(tx: &Tx, args: DeskIdArgs) -> Result<Desk, ApiError> {
    let desk = dq::get_desk(tx, &args.id)?.ok_or_else(|| {
        ApiError::field("id", "Meja tidak ditemukan.").with_code(ErrorCode::NotFound)
    })?;
    if desk.revoked_at.is_none() {
        dq::revoke_desk(tx, &desk.id, &store::now())?;
        tx.audit(Audit::DeskRevoke, Some(&desk.id), Some(&desk.name))?;
    }
    Ok(dq::get_desk(tx, &desk.id)?.expect("exists"))
}
