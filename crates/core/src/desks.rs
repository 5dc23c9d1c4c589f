//! Registration desks paired with the host in LAN mode.
//!
//! The server checks the pairing PIN (it lives only in the running server's memory) and then
//! asks the Api to pair a desk: the desk gets a random token once; only its SHA-256 is
//! stored. Every later request of the desk carries the token; [`Api::desk_for_token`] turns
//! it into a [`Caller`] with the *desk* role, whose name is written on its check-ins. The
//! organizer lists desks with their counts and revokes one; a revoked token is refused at
//! once.

use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::api::{Api, Caller, NoArgs, Role};
use crate::error::{ApiError, ErrorCode};
use crate::store;

/// A desk's name is at most this long (it is printed on logs and lists).
pub const MAX_DESK_NAME: usize = 40;

/// `last_seen_at` is refreshed at most this often, so that authentication is a read.
const SEEN_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Desk {
    pub id: String,
    pub name: String,
    pub paired_at: String,
    pub last_seen_at: Option<String>,
    pub revoked_at: Option<String>,
    /// Check-ins this desk made that stand (not undone).
    pub checkins: i64,
    /// Every scan or search Enter of this desk, refused ones included.
    pub scans: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeskIdArgs {
    pub id: String,
}

/// An event as a desk needs it to choose where to check people in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeskEvent {
    pub id: String,
    pub title: String,
    pub start_date: String,
    pub end_date: String,
    pub venue: Option<String>,
}

fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 244 random bits (two v4 UUIDs, from the OS generator) as 64 hex digits.
fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

const COLUMNS: &str = "d.id, d.name, d.paired_at, d.last_seen_at, d.revoked_at, \
    (SELECT count(*) FROM attendance a WHERE a.desk = d.name AND a.undone_at IS NULL), \
    (SELECT count(*) FROM scan_log s WHERE s.desk = d.name)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Desk> {
    Ok(Desk {
        id: r.get(0)?,
        name: r.get(1)?,
        paired_at: r.get(2)?,
        last_seen_at: r.get(3)?,
        revoked_at: r.get(4)?,
        checkins: r.get(5)?,
        scans: r.get(6)?,
    })
}

fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Desk>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM desk d WHERE d.id = ?1"),
        params![id],
        from_row,
    )
    .optional()
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
        if name.chars().count() > MAX_DESK_NAME {
            return Err(ApiError::field(
                "desk",
                format!("Nama meja paling panjang {MAX_DESK_NAME} huruf."),
            ));
        }
        let token = new_token();
        let desk = self.write(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM desk WHERE lower(name) = lower(?1) AND revoked_at IS NULL)",
                params![name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(ApiError::field(
                    "desk",
                    format!("Nama meja \"{name}\" sudah dipakai meja lain; pilih nama lain."),
                )
                .with_code(ErrorCode::Conflict));
            }
            let id = store::new_id();
            tx.execute(
                "INSERT INTO desk (id, name, token_hash, paired_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, name, hash(&token), store::now()],
            )?;
            crate::store::audit::insert_audit(tx, "lan", "desk_pair", "desk", Some(&id), Some(&name))?;
            Ok(get(tx, &id)?.expect("just inserted"))
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
        let found: Option<(String, String, Option<String>)> = conn
            .query_row(
                "SELECT id, name, last_seen_at FROM desk WHERE token_hash = ?1 AND revoked_at IS NULL",
                params![hash(token)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((id, name, seen)) = found else {
            return Ok(None);
        };
        let stale = seen
            .as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .is_none_or(|t| {
                chrono::Utc::now()
                    .signed_duration_since(t)
                    .to_std()
                    .unwrap_or_default()
                    > SEEN_EVERY
            });
        if stale {
            // Best effort: a busy database must not refuse the desk.
            let _ = conn.execute(
                "UPDATE desk SET last_seen_at = ?2 WHERE id = ?1",
                params![id, store::now()],
            );
        }
        Ok(Some(Caller {
            role: Role::Desk,
            actor: name,
        }))
    }

    /// Paired desks, newest first, with their check-in and scan counts.
    pub fn desk_list(&self, _caller: &Caller, _args: NoArgs) -> Result<Vec<Desk>, ApiError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM desk d ORDER BY d.revoked_at IS NOT NULL, d.paired_at DESC"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revokes a desk: its token is refused from now on; its check-ins stay.
    pub fn desk_revoke(&self, caller: &Caller, args: DeskIdArgs) -> Result<Desk, ApiError> {
        self.write(|tx| {
            let desk = get(tx, &args.id)?.ok_or_else(|| {
                ApiError::field("id", "Meja tidak ditemukan.").with_code(ErrorCode::NotFound)
            })?;
            if desk.revoked_at.is_none() {
                tx.execute(
                    "UPDATE desk SET revoked_at = ?2 WHERE id = ?1",
                    params![desk.id, store::now()],
                )?;
                crate::store::audit::insert_audit(
                    tx,
                    &caller.actor,
                    "desk_revoke",
                    "desk",
                    Some(&desk.id),
                    Some(&desk.name),
                )?;
            }
            Ok(get(tx, &desk.id)?.expect("exists"))
        })
    }

    /// The events a desk can check people in for: those not archived, newest first.
    pub fn desk_events(&self, _caller: &Caller, _args: NoArgs) -> Result<Vec<DeskEvent>, ApiError> {
        let conn = self.conn();
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
