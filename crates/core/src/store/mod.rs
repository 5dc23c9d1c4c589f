//! The SQLite store: the one place that opens and configures connections, runs migrations
//! and SQL. One module of queries per table (`get_`, `list_`, `insert_`, `update_`, …).

pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod events;
pub mod opd;
pub mod people;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::error::StoreError;

/// Append-only schema history. Never edit a released entry: add a new one.
const MIGRATIONS_SLICE: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_init.sql")),
    M::up(include_str!("migrations/0002_registration.sql")),
    M::up(include_str!("migrations/0003_person_search.sql")),
    M::up(include_str!("migrations/0004_agenda.sql")),
    M::up(include_str!("migrations/0005_attendance.sql")),
    M::up(include_str!("migrations/0006_desk.sql")),
];

/// The schema version this build of the app writes.
pub fn schema_version() -> i64 {
    MIGRATIONS_SLICE.len() as i64
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What `open` did besides opening, for logs and the UI.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    /// Schema version found on disk before migrating (0 = new or empty file).
    pub from_version: i64,
    pub to_version: i64,
    /// The backup taken before migrating an existing database, if any.
    pub backup: Option<PathBuf>,
}

/// Opens (creating if needed) the database at `path`, configures the connection
/// (WAL, `synchronous=FULL`, foreign keys, busy timeout) and migrates it to the latest
/// schema. A database written by a newer app is refused, and an existing database is
/// backed up before any migration touches it.
pub fn open(path: &Path) -> Result<(Connection, OpenReport), StoreError> {
    open_with(path, MIGRATIONS_SLICE)
}

/// `open` with a given migration list (tests use a longer one to exercise upgrades).
fn open_with(
    path: &Path,
    migrations: &'static [M<'static>],
) -> Result<(Connection, OpenReport), StoreError> {
    let open_err = |reason: String| StoreError::Open {
        path: path.display().to_string(),
        reason,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| open_err(format!("folder tidak dapat dibuat ({e})")))?;
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_err(e.to_string()))?;
    configure(&conn).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            open_err("berkas ini bukan basis data Bintek (SQLite)".to_string())
        }
        other => open_err(other.to_string()),
    })?;

    let from_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let to_version = migrations.len() as i64;
    if from_version > to_version {
        return Err(StoreError::TooNew {
            db_version: from_version,
            app_version: to_version,
        });
    }
    let mut report = OpenReport {
        from_version,
        to_version,
        backup: None,
    };
    if from_version > 0 && from_version < to_version {
        report.backup = Some(backup_before_migration(&conn, path, from_version)?);
    }
    if from_version < to_version {
        Migrations::from_slice(migrations).to_latest(&mut conn)?;
    }
    Ok((conn, report))
}

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Every query goes through prepare_cached; the default 16 slots thrash in an import.
    conn.set_prepared_statement_cache_capacity(256);
    // journal_mode answers with the mode it ended up in; in-memory databases say "memory".
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 10,000-row import touches more pages than the default 2 MB cache holds; spilling
    // them to the WAL mid-transaction costs more than the memory.
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Copies the database with SQLite's online backup API into `backups/` beside it.
fn backup_before_migration(
    conn: &Connection,
    path: &Path,
    from_version: i64,
) -> Result<PathBuf, StoreError> {
    let dir = path
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"));
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::Open {
        path: dir.display().to_string(),
        reason: format!("folder cadangan tidak dapat dibuat ({e})"),
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bintek".to_string());
    // Colons are not allowed in Windows file names: a compact UTC stamp instead.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let target = dir.join(format!("{stem}-sebelum-migrasi-v{from_version}-{stamp}.db"));
    conn.backup(rusqlite::MAIN_DB, &target, None)?;
    Ok(target)
}

/// Runs `f` in a short `BEGIN IMMEDIATE` transaction and commits; any error rolls back,
/// so a failed write never leaves half of itself behind.
pub fn with_tx<T, E>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<rusqlite::Error>,
{
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The current time as stored in every `created_at`/`updated_at`: RFC 3339 UTC, millis.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A new time-ordered id (UUIDv7), so databases from several PCs merge without clashes.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS_SLICE).validate().is_ok());
    }

    /// The real schema plus one more step, as the next release will have.
    static NEXT: &[M<'static>] = &[
        M::up(include_str!("migrations/0001_init.sql")),
        M::up(include_str!("migrations/0002_registration.sql")),
        M::up(include_str!("migrations/0003_person_search.sql")),
        M::up(include_str!("migrations/0004_agenda.sql")),
        M::up(include_str!("migrations/0005_attendance.sql")),
        M::up(include_str!("migrations/0006_desk.sql")),
        M::up("ALTER TABLE event ADD COLUMN extra TEXT;"),
    ];

    #[test]
    fn an_upgrade_backs_the_database_up_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bintek.db");
        {
            let (conn, _) = open(&path).expect("open v1");
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES ('nama', 'Diskominfo', 'x')",
                [],
            )
            .expect("insert");
        }
        let (conn, report) = open_with(&path, NEXT).expect("upgrade");
        let current = schema_version();
        assert_eq!(
            (report.from_version, report.to_version),
            (current, current + 1)
        );
        let backup = report.backup.expect("a backup was taken");
        assert!(backup.starts_with(dir.path().join("backups")));
        let name = backup.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(!name.contains(':'), "Windows-safe name: {name}");
        // The upgrade ran on the live file…
        conn.execute("UPDATE event SET extra = 'x'", [])
            .expect("new column");
        // …and the backup is a complete, sound copy of the old version.
        let old = Connection::open(&backup).expect("open backup");
        let version: i64 = old
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, current);
        let check: String = old
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok");
        let value: String = old
            .query_row("SELECT value FROM settings WHERE key = 'nama'", [], |r| {
                r.get(0)
            })
            .expect("row kept");
        assert_eq!(value, "Diskominfo");
    }

    #[test]
    fn a_fresh_file_needs_no_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_conn, report) = open_with(&dir.path().join("new.db"), NEXT).expect("open");
        assert!(report.backup.is_none());
        assert!(!dir.path().join("backups").exists());
    }
}
