//! The Api: every use-case, and the one command table that every front door (Tauri
//! command, `POST /api/{name}`, CLI) dispatches through.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::backup::{self, Damage};
use crate::error::{ApiError, ErrorCode, StoreError};
use crate::store::{self, OpenReport};

/// Who may run a command. A desk (a paired check-in browser) may run desk commands only;
/// the organizer's own window and CLI are admin. A participant (signed in on their own
/// phone with the check-in code of their badge) runs only the participant commands, and
/// those only on their own registration; no other role runs those (see
/// [`Role::may_run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CallerRole")]
pub enum Role {
    Participant,
    Desk,
    Admin,
}

impl Role {
    /// Whether a caller of this role may run a command that needs `needed`: a
    /// participant command only a participant (it acts on the caller's own registration),
    /// any other the role it names or a higher one.
    pub fn may_run(self, needed: Role) -> bool {
        match needed {
            Role::Participant => self == Role::Participant,
            _ => self != Role::Participant && self >= needed,
        }
    }
}

/// The caller of one command: its role and a name for the audit log ("desktop", "cli",
/// a desk name, "peserta …"); a participant's own registration.
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: Role,
    pub actor: String,
    /// The registration a participant signed in as; `None` for every other role.
    pub registration_id: Option<String>,
}

impl Caller {
    pub fn admin(actor: &str) -> Self {
        Caller {
            role: Role::Admin,
            actor: actor.to_string(),
            registration_id: None,
        }
    }

    /// A paired registration desk of that name.
    pub fn desk(name: &str) -> Self {
        Caller {
            role: Role::Desk,
            actor: name.to_string(),
            registration_id: None,
        }
    }

    /// A participant signed in as `registration_id`.
    pub fn participant(registration_id: &str, actor: &str) -> Self {
        Caller {
            role: Role::Participant,
            actor: actor.to_string(),
            registration_id: Some(registration_id.to_string()),
        }
    }
}

/// How many read connections the Api keeps beside its writer.
const READERS: usize = 2;

/// The application: one SQLite database and the use-cases on it.
pub struct Api {
    conn: Mutex<Connection>,
    /// Connections that only read (see [`Api::read`]).
    readers: Vec<Mutex<Connection>>,
    reader_turn: std::sync::atomic::AtomicUsize,
    /// Callers blocked on `conn` right now: a long job that works in chunks lets them go
    /// first between two chunks (see [`Api::conn_after_others`]).
    waiting: std::sync::atomic::AtomicUsize,
    path: PathBuf,
    report: OpenReport,
    /// The last import file read, so the commit after a preview does not parse it again.
    pub(crate) import_cache: crate::import::ParseCache,
    /// Set when the database failed its start check: it is open read-only and every
    /// write is refused with `ErrorCode::ReadOnly`.
    damage: Option<Damage>,
    /// What needs attention since the start (damage, a network drive), in Indonesian.
    warnings: Vec<String>,
    pub(crate) backups: crate::backup::Scheduler,
    /// Certificate print jobs running in the background.
    pub(crate) jobs: crate::certificate_print::Jobs,
    /// How long a package merge may hold the write lock, in milliseconds
    /// (`offline::MERGE_LIMIT` unless a test sets it).
    pub(crate) merge_limit_ms: std::sync::atomic::AtomicU64,
    /// Write commands waiting for the writer (group commit, see `crate::tx`).
    pub(crate) queue: crate::tx::Queue,
    /// Set by a test: the next check-in of a composed use-case fails (see
    /// [`Api::fail_next_checkin`]).
    checkin_fault: std::sync::atomic::AtomicBool,
}

impl Api {
    /// Opens (creating and migrating as needed) the database at `path`. An existing
    /// database is checked first (`quick_check` + `foreign_key_check`); a damaged one
    /// opens read-only (see [`Api::damage`]) instead of failing, so the app can show
    /// what is wrong and which backup to restore.
    pub fn open(path: &Path) -> Result<Api, StoreError> {
        crate::offline::sweep_stale_temp();
        let (conn, report) = store::open_checked(path)?;
        let damage = match &report.health {
            Some(h) if report.read_only => Some(Damage {
                health: h.clone(),
                newest_good: backup::newest_good(path),
            }),
            _ => None,
        };
        let mut warnings = Vec::new();
        if let Some(d) = &damage {
            warnings.push(backup::damaged_message(
                path,
                &d.health,
                d.newest_good.as_ref(),
            ));
        }
        if crate::paths::is_network_path(path) {
            warnings.push(backup::network_warning(path));
        }
        // A damaged database is read through its one read-only connection, as before.
        let readers = match damage {
            Some(_) => Vec::new(),
            None => (0..READERS)
                .map(|_| store::open_reader(path).map(Mutex::new))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let api = Api {
            conn: Mutex::new(conn),
            readers,
            reader_turn: Default::default(),
            waiting: Default::default(),
            path: path.to_path_buf(),
            report,
            import_cache: Default::default(),
            damage,
            warnings,
            backups: backup::Scheduler::new(path),
            jobs: Default::default(),
            merge_limit_ms: (crate::offline::MERGE_LIMIT.as_millis() as u64).into(),
            checkin_fault: false.into(),
            queue: Default::default(),
        };
        api.adopt_legacy_key();
        Ok(api)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// [`store::insert_probe`] on this database's connection, for `bintek bench`.
    #[doc(hidden)]
    pub fn insert_probe(
        &self,
        event_id: &str,
        n: usize,
    ) -> Result<std::time::Duration, StoreError> {
        store::insert_probe(&mut self.conn(), event_id, n)
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    /// Why the database is open read-only, if it is: it failed its start check.
    pub fn damage(&self) -> Option<&Damage> {
        self.damage.as_ref()
    }

    pub fn is_read_only(&self) -> bool {
        self.damage.is_some()
    }

    /// What needs attention since the start, in Bahasa Indonesia.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The answer to any write while the database is read-only: what is wrong and which
    /// backup to restore.
    pub fn read_only_error(&self) -> ApiError {
        let message = match &self.damage {
            Some(d) => backup::damaged_message(&self.path, &d.health, d.newest_good.as_ref()),
            None => "Basis data terbuka hanya-baca: perubahan tidak dapat disimpan.".to_string(),
        };
        ApiError::new(ErrorCode::ReadOnly, message)
    }

    /// Refuses when the database is read-only; writes that do not go through `write`
    /// call this first.
    pub(crate) fn ensure_writable(&self) -> Result<(), ApiError> {
        match self.damage {
            Some(_) => Err(self.read_only_error()),
            None => Ok(()),
        }
    }

    /// The connection. A panic in another thread while it was held leaves no open
    /// transaction behind (it rolls back on drop), so a poisoned lock is safe to reuse.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        use std::sync::atomic::Ordering;
        match self.conn.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                self.waiting.fetch_add(1, Ordering::SeqCst);
                let guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                guard
            }
        }
    }

    /// A connection for a use-case that only reads: one of [`READERS`] beside the writer,
    /// so reads wait neither for a write in progress nor for one another (up to that
    /// many at once). It sees what was committed when its statement began.
    pub(crate) fn read(&self) -> MutexGuard<'_, Connection> {
        if self.readers.is_empty() {
            return self.conn();
        }
        for reader in &self.readers {
            match reader.try_lock() {
                Ok(guard) => return guard,
                Err(std::sync::TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        let i = self
            .reader_turn
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            % self.readers.len();
        self.readers[i].lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The connection for the next chunk of a long job (an import): everyone who was
    /// waiting for it when the last chunk ended (a desk's check-in) goes first. A mutex
    /// alone would not do that: the thread that just let go usually takes it straight back.
    pub(crate) fn conn_after_others(&self) -> MutexGuard<'_, Connection> {
        use std::sync::atomic::Ordering;
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while self.waiting.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < give_up {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one short IMMEDIATE transaction; nothing is kept if it fails.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.ensure_writable()?;
        let mut conn = self.conn();
        let out = store::with_tx(&mut conn, f)?;
        self.backups.note_write();
        Ok(out)
    }

    /// For tests: the next check-in written inside a composed use-case (the walk-in)
    /// fails after the registration was written, as a full disk would make it fail.
    #[doc(hidden)]
    pub fn fail_next_checkin(&self) {
        self.checkin_fault
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub(crate) fn checkin_fault(&self) -> Result<(), ApiError> {
        if self
            .checkin_fault
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            return Err(ApiError::new(
                ErrorCode::Internal,
                "Kehadiran tidak dapat dicatat (gangguan buatan untuk pengujian).",
            ));
        }
        Ok(())
    }

    pub(crate) fn app_info(&self, _caller: &Caller, _args: NoArgs) -> Result<AppInfo, ApiError> {
        let mut warnings = self.warnings.clone();
        warnings.extend(self.signing_key_warning());
        warnings.extend(crate::mirror::warning(&self.path));
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: store::schema_version(),
            database: self.path.display().to_string(),
            read_only: self.is_read_only(),
            warnings,
        })
    }
}

impl Drop for Api {
    /// A backup running in the background is finished, not cut off half-way.
    fn drop(&mut self) {
        let _ = self.wait_for_backup();
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct NoArgs {}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AppInfo {
    pub version: String,
    pub schema_version: i64,
    pub database: String,
    /// The database failed its start check and is open read-only (see `warnings`).
    #[serde(default)]
    pub read_only: bool,
    /// What needs attention, in Bahasa Indonesia (damage and the backup to restore, a
    /// database on a network drive).
    #[serde(default)]
    pub warnings: Vec<String>,
}

pub use crate::commands::{dispatch, find_command, run, Command, COMMANDS};

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// A desk's search, the agenda and the lists answer while a write holds the writer
    /// (an import chunk, another desk's commit): they read on their own connections.
    #[test]
    fn reads_answer_while_the_writer_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let api = std::sync::Arc::new(Api::open(&dir.path().join("bintek.db")).unwrap());
        let admin = Caller::admin("test");
        let event = dispatch(
            &api,
            &admin,
            "event_create",
            serde_json::json!({"title": "Bimtek", "start_date": "2026-12-06"}),
        )
        .unwrap();
        let writer = api.conn();
        let (tx, rx) = mpsc::channel();
        let reader = api.clone();
        let id = event["id"].clone();
        std::thread::spawn(move || {
            let admin = Caller::admin("test");
            for (name, args) in [
                ("event_list", serde_json::json!({})),
                ("event_get", serde_json::json!({"id": id})),
                ("session_list", serde_json::json!({"event_id": id})),
                ("participant_list", serde_json::json!({"event_id": id})),
                (
                    "desk_search",
                    serde_json::json!({"event_id": id, "q": "siti"}),
                ),
                ("attendance_list", serde_json::json!({"event_id": id})),
            ] {
                let answer = dispatch(&reader, &admin, name, args);
                tx.send((name, answer.is_ok())).unwrap();
            }
        });
        for _ in 0..6 {
            let (name, ok) = rx
                .recv_timeout(Duration::from_secs(3))
                .expect("a read waited for the writer");
            assert!(ok, "{name}");
        }
        drop(writer);
    }
}
