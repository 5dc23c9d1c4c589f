//! Whole-database operations: health checks, the online copy (SQLite's backup API), and
//! the special connections that checks, backups and restores need (read-only, query-only,
//! exclusive). File naming, rotation and the restore procedure live in `crate::backup`;
//! every SQL statement they need is here, so only `store` runs SQL.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::BUSY_TIMEOUT;
use crate::error::StoreError;

/// One row of `PRAGMA foreign_key_check`: a row of `table` points at a missing `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKeyError {
    pub table: String,
    pub rowid: Option<i64>,
    pub parent: String,
    pub fkid: i64,
}

/// The outcome of `quick_check` (or `integrity_check`) and `foreign_key_check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// The check's lines are exactly `["ok"]` and no foreign key points nowhere.
    pub ok: bool,
    /// What the check pragma answered, line by line (`["ok"]` when sound). A check that
    /// could not even run (page 1 unreadable) is one line with SQLite's error.
    pub quick_check: Vec<String>,
    pub foreign_key_errors: Vec<ForeignKeyError>,
}

impl Health {
    /// The first problem, short, for messages ("quick_check: *** in database main …").
    pub fn summary(&self) -> String {
        if let Some(line) = self.quick_check.iter().find(|l| l.as_str() != "ok") {
            let line: String = line.chars().take(160).collect();
            return format!("quick_check: {line}");
        }
        match self.foreign_key_errors.first() {
            Some(fk) => format!(
                "foreign_key_check: {} baris bermasalah, mis. tabel {} baris {} merujuk {} \
                 yang tidak ada",
                self.foreign_key_errors.len(),
                fk.table,
                fk.rowid.map_or("?".to_string(), |r| r.to_string()),
                fk.parent
            ),
            None => "ok".to_string(),
        }
    }
}

/// `PRAGMA quick_check` + `PRAGMA foreign_key_check`: O(pages), fast enough for every
/// start. Never fails: an error of the check itself is reported as its one line.
pub fn health(conn: &Connection) -> Health {
    check(conn, "quick_check")
}

/// `PRAGMA integrity_check` + `PRAGMA foreign_key_check`: also cross-checks indexes
/// against tables; what every backup must pass before it counts.
pub fn integrity(conn: &Connection) -> Health {
    check(conn, "integrity_check")
}

fn check(conn: &Connection, pragma: &str) -> Health {
    let mut lines = pragma_lines(conn, &format!("PRAGMA {pragma}"))
        .unwrap_or_else(|e| vec![format!("galat: {e}")]);
    // A foreign key check that cannot run is a failed check, not a list of rows.
    let foreign_key_errors = foreign_keys(conn).unwrap_or_else(|e| {
        lines.push(format!("foreign_key_check galat: {e}"));
        Vec::new()
    });
    Health {
        ok: lines == ["ok"] && foreign_key_errors.is_empty(),
        quick_check: lines,
        foreign_key_errors,
    }
}

fn pragma_lines(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn foreign_keys(conn: &Connection) -> rusqlite::Result<Vec<ForeignKeyError>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(ForeignKeyError {
            table: r.get(0)?,
            rowid: r.get(1)?,
            parent: r.get(2)?,
            fkid: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// The journal mode the connection is in (`wal`, `delete`, …), lower case.
pub fn journal_mode(conn: &Connection) -> rusqlite::Result<String> {
    conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))
        .map(|m| m.to_lowercase())
}

/// The schema version stored in the file (`user_version`).
pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Copies the database behind `conn` into a new file `dest` with `VACUUM INTO`: one
/// consistent, compacted copy.
pub fn vacuum_into(conn: &Connection, dest: &Path) -> rusqlite::Result<()> {
    conn.execute("VACUUM INTO ?1", [dest.display().to_string()])?;
    Ok(())
}

/// Folds the write-ahead log into the database file and truncates it
/// (`PRAGMA wal_checkpoint(TRUNCATE)`).
pub fn checkpoint_truncate(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
}

/// Whether the database holds anything worth a backup (an event or a person).
pub fn has_data(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM event) OR EXISTS (SELECT 1 FROM person)",
        [],
        |r| r.get(0),
    )
}

/// A connection to an existing database that reads only: what a damaged database is
/// opened with, and what backups are verified with.
pub fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Touch the file now, so a file that is not a database fails here.
    user_version(&conn).map_err(|e| open_error(path, e))?;
    Ok(conn)
}

/// A second connection to a live database for an online copy or a check, so neither
/// holds the Api's connection (and its desks) while it runs. `query_only`: it never
/// writes; WAL lets it read one consistent snapshot while the desks keep writing.
pub fn open_source(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", "ON")?;
    user_version(&conn).map_err(|e| open_error(path, e))?;
    Ok(conn)
}

fn open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    let reason = match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            "berkas ini bukan basis data SQLite".to_string()
        }
        _ => e.to_string(),
    };
    StoreError::Open {
        path: path.display().to_string(),
        reason,
    }
}

/// How long an online copy may keep being restarted or refused before it gives up.
const COPY_DEADLINE: Duration = Duration::from_secs(120);

/// Copies the database of `src` into a new file `dest` with SQLite's online backup API
/// and returns a connection to the copy, switched to a rollback journal so that the copy
/// is one self-contained file. The caller checks the copy on that connection.
///
/// In WAL mode the whole copy is one step: a reader never blocks writers there, so one
/// consistent snapshot costs the desks nothing, while copying in slices would restart
/// from the first page every time a desk commits in between. In a rollback journal a
/// reader does block writers, so the copy goes 256 pages at a time with a short pause.
pub fn copy_online(src: &Connection, dest: &Path) -> Result<Connection, StoreError> {
    let wal = journal_mode(src)? == "wal";
    let (pages, pause) = if wal {
        (-1, Duration::from_millis(5))
    } else {
        (256, Duration::from_millis(5))
    };
    let mut dst = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    {
        let backup = Backup::new(src, &mut dst)?;
        let started = Instant::now();
        loop {
            match backup.step(pages)? {
                StepResult::Done => break,
                // More, Busy, Locked (the enum is non-exhaustive): wait a little, go on.
                _ => {
                    if started.elapsed() > COPY_DEADLINE {
                        return Err(StoreError::Backup {
                            path: dest.display().to_string(),
                            reason: "basis data terus sibuk; salinan tidak selesai".to_string(),
                        });
                    }
                    std::thread::sleep(pause);
                }
            }
        }
    }
    // The copy carries the source's WAL flag in its header; a backup is one file.
    let _mode: String =
        dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    Ok(dst)
}

/// Opens the database at `path` exclusively, or says it is in use. In WAL mode every
/// open connection (the desktop, `bintek serve`, even an idle one) holds a shared lock on
/// the file, so an exclusive lock is only granted when no one else has it open. The lock
/// lasts as long as the returned connection.
pub fn lock_exclusive(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    conn.busy_timeout(Duration::from_millis(500))?;
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    let locked = conn
        .execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .and_then(|_| user_version(&conn));
    match locked {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(f, _))
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Err(StoreError::InUse {
                path: path.display().to_string(),
            })
        }
        Err(e) => Err(open_error(path, e)),
    }
}

/// What a file offered for a restore turned out to be.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user_version: i64,
    pub health: Health,
    /// It has Bintek's tables (`event`, `settings`, `audit_log`).
    pub bintek_schema: bool,
}

/// Examines a private copy of a file offered for a restore: whether it is SQLite at all,
/// its schema version, `integrity_check` and `foreign_key_check`. A sound copy is then
/// made self-contained (its WAL, if one came along, folded in; rollback journal).
pub fn examine_candidate(path: &Path) -> Result<Candidate, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let user_version = user_version(&conn).map_err(|e| open_error(path, e))?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
             AND name IN ('event', 'settings', 'audit_log')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| open_error(path, e))?;
    let health = integrity(&conn);
    if health.ok {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    }
    Ok(Candidate {
        user_version,
        health,
        bintek_schema: tables == 3,
    })
}

/// A private in-memory copy of the database at `path`: one consistent snapshot, read on
/// its own connection (in WAL mode no writer waits for a reader). An import preview runs
/// its writes there and throws them away, so the desks never wait for it.
pub fn snapshot_in_memory(path: &Path) -> Result<Connection, StoreError> {
    let src = open_source(path)?;
    let mut dst = Connection::open_in_memory()?;
    {
        // One step: in WAL mode the source is one snapshot that no writer disturbs.
        let backup = Backup::new(&src, &mut dst)?;
        let give_up = Instant::now() + COPY_DEADLINE;
        while backup.step(-1)? != StepResult::Done {
            if Instant::now() > give_up {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("salinan sementara tidak selesai".to_string()),
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    dst.pragma_update(None, "foreign_keys", "ON")?;
    dst.set_prepared_statement_cache_capacity(256);
    Ok(dst)
}
