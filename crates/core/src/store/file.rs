//! Whole-database operations: health checks, the online copy (SQLite's backup API), and
//! the special connections that checks, backups and restores need (read-only, query-only,
//! exclusive). File naming, rotation and the restore procedure live in `crate::backup`;
//! every SQL statement they need is here, so only `store` runs SQL.

use std::path::Path;
use std::time::{Duration, Instant};

use std::collections::BTreeMap;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};
use serde::{Deserialize, Serialize};

use super::BUSY_TIMEOUT;
use crate::error::StoreError;

/// One row of `PRAGMA foreign_key_check`: a row of `table` points at a missing `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ForeignKeyError {
    pub table: String,
    pub rowid: Option<i64>,
    pub parent: String,
    pub fkid: i64,
}

/// The outcome of `quick_check` (or `integrity_check`) and `foreign_key_check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
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
/// Runs SQLite's online backup of `src` into `dst` to its end, `pages` at a time, pausing
/// between steps while there is more or the source is busy; gives up after
/// `COPY_DEADLINE` with an error naming `path`.
fn backup_all(
    src: &Connection,
    dst: &mut Connection,
    pages: std::os::raw::c_int,
    pause: Duration,
    path: &Path,
) -> Result<(), StoreError> {
    let backup = Backup::new(src, dst)?;
    let started = Instant::now();
    loop {
        match backup.step(pages)? {
            StepResult::Done => return Ok(()),
            // More, Busy, Locked (the enum is non-exhaustive): wait a little, go on.
            _ => {
                if started.elapsed() > COPY_DEADLINE {
                    return Err(StoreError::Backup {
                        path: path.display().to_string(),
                        reason: "basis data terus sibuk; salinan tidak selesai".to_string(),
                    });
                }
                std::thread::sleep(pause);
            }
        }
    }
}

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
    backup_all(src, &mut dst, pages, pause, dest)?;
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
}

/// Examines a private copy of a file offered for a restore: whether it is SQLite at all,
/// its schema version, its schema exactly Bintek's ([`check_schema`]: `TooNew`,
/// `ForeignSchema`), then `integrity_check` and `foreign_key_check`. A sound copy is then
/// made self-contained (its WAL, if one came along, folded in; rollback journal).
pub fn examine_candidate(path: &Path) -> Result<Candidate, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let user_version = user_version(&conn).map_err(|e| open_error(path, e))?;
    // First, before the integrity check evaluates any CHECK constraint of the file.
    check_schema(&conn)?;
    let health = integrity(&conn);
    if health.ok {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    }
    Ok(Candidate {
        user_version,
        health,
    })
}

// ---------------------------------------------------------------------------------------
// The schema check: a file must hold exactly what Bintek creates for its version.

/// One row of `sqlite_schema`: its type, name, table and SQL (`rootpage` is the file's
/// own business and is not compared).
#[derive(Debug, Clone, PartialEq, Eq)]
struct SchemaObject {
    table: Option<String>,
    sql: Option<String>,
}

/// SQLite's own statistics tables (`ANALYZE`, `PRAGMA optimize` run in any SQLite tool):
/// data for the query planner, never code. They are accepted in exactly this form.
const SQLITE_STAT_TABLES: &[(&str, &str)] = &[
    ("sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
    (
        "sqlite_stat4",
        "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    ),
];

type SchemaMap = BTreeMap<(String, String), Vec<SchemaObject>>;

/// The schema objects of the database `schema` ("main", or "pkg" when attached) by
/// (type, name). Reading `sqlite_schema` runs none of the file's views or triggers.
fn schema_objects(conn: &Connection, schema: &str) -> rusqlite::Result<SchemaMap> {
    let mut stmt = conn.prepare(&format!(
        "SELECT CAST(type AS TEXT), CAST(name AS TEXT), CAST(tbl_name AS TEXT), \
         CAST(sql AS TEXT) FROM \"{schema}\".sqlite_schema"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = SchemaMap::new();
    while let Some(r) = rows.next()? {
        let kind: Option<String> = r.get(0)?;
        let name: Option<String> = r.get(1)?;
        // Line ends as in the migration files, whichever way git checked them out when the
        // app that wrote the file was built.
        let sql: Option<String> = r.get(3)?;
        let object = SchemaObject {
            table: r.get(2)?,
            sql: sql.map(|s| s.replace("\r\n", "\n")),
        };
        let (kind, name) = (kind.unwrap_or_default(), name.unwrap_or_default());
        let internal = kind == "table"
            && SQLITE_STAT_TABLES
                .iter()
                .any(|(n, sql)| *n == name && object.sql.as_deref() == Some(*sql));
        if !internal {
            out.entry((kind, name)).or_default().push(object);
        }
    }
    Ok(out)
}

/// What Bintek's own migrations up to `version` create, on an in-memory database. Built
/// once per migration list and version and kept: every open, restore, merge (twice) and
/// verified backup compares against it, and it never changes while the app runs.
fn reference_schema(
    migrations: &'static [M<'static>],
    version: usize,
) -> Result<std::sync::Arc<SchemaMap>, StoreError> {
    type Cache = std::sync::Mutex<
        std::collections::HashMap<(usize, usize, usize), std::sync::Arc<SchemaMap>>,
    >;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let key = (migrations.as_ptr() as usize, migrations.len(), version);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(known) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(known.clone());
    }
    let mut conn = Connection::open_in_memory()?;
    if version > 0 {
        Migrations::from_slice(&migrations[..version]).to_latest(&mut conn)?;
    }
    let built = std::sync::Arc::new(schema_objects(&conn, "main")?);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, built.clone());
    Ok(built)
}

/// A schema object as a person reads it: its kind in Indonesian and its name, without
/// control characters and cut short (the name comes from the file).
fn object_label(kind: &str, name: &str) -> String {
    let kind = match kind {
        "table" => "tabel",
        "index" => "indeks",
        "view" => "view",
        "trigger" => "trigger",
        _ => "objek",
    };
    let mut shown: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
    if name.chars().count() > 60 {
        shown.push('…');
    }
    format!("{kind} \"{shown}\"")
}

/// Checks that the schema of `conn`'s main database is exactly what Bintek creates for
/// the version the file says it has (`user_version`): the reference is built by running
/// the app's own embedded migrations up to that version on an in-memory database, and
/// every `sqlite_schema` row (type, name, table, SQL) must match, no more and no fewer.
/// Only SQLite's statistics tables may come in addition. A file newer than the app is
/// `TooNew`; anything else that differs is `ForeignSchema`, naming the first object.
///
/// Nothing of the file runs: only its header and `sqlite_schema` are read. Run this
/// before anything else touches a file from outside (a package, a backup, a database
/// opened at start): before `quick_check` (which evaluates CHECK constraints), before
/// migrations (which read and write its tables), before any query.
pub fn check_schema(conn: &Connection) -> Result<(), StoreError> {
    check_schema_of(conn, "main", super::MIGRATIONS_SLICE)
}

/// [`check_schema`] of the database attached as `schema`, against `migrations`.
pub(crate) fn check_schema_of(
    conn: &Connection,
    schema: &str,
    migrations: &'static [M<'static>],
) -> Result<(), StoreError> {
    let version: i64 = conn.query_row(&format!("PRAGMA \"{schema}\".user_version"), [], |r| {
        r.get(0)
    })?;
    let app_version = migrations.len() as i64;
    if version > app_version {
        return Err(StoreError::TooNew {
            db_version: version,
            app_version,
        });
    }
    if version < 0 {
        return Err(StoreError::ForeignSchema {
            detail: format!("versi skemanya ({version}) tidak dikenal"),
        });
    }
    let found = schema_objects(conn, schema)?;
    let expected = reference_schema(migrations, version as usize)?;
    // An object Bintek does not create is the worst news: say that first, code first.
    let rank = |kind: &str| match kind {
        "trigger" => 0,
        "view" => 1,
        "table" => 2,
        "index" => 3,
        _ => 4,
    };
    let mut extra: Vec<&(String, String)> = found
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    extra.sort_by_key(|(kind, name)| (rank(kind), name.clone()));
    let changed: Vec<&(String, String)> = found
        .iter()
        .filter(|(k, v)| expected.get(*k).is_some_and(|e| e != *v))
        .map(|(k, _)| k)
        .collect();
    let missing: Vec<&(String, String)> = expected
        .keys()
        .filter(|k| !found.contains_key(*k))
        .collect();
    let total = extra.len() + changed.len() + missing.len();
    let first = if let Some((kind, name)) = extra.first() {
        format!(
            "ada objek yang tidak dibuat Bintek ({})",
            object_label(kind, name)
        )
    } else if let Some((kind, name)) = changed.first() {
        format!(
            "{} berbeda dari yang dibuat Bintek",
            object_label(kind, name)
        )
    } else if let Some((kind, name)) = missing.first() {
        format!("{} dari Bintek tidak ada", object_label(kind, name))
    } else {
        return Ok(());
    };
    let detail = if total > 1 {
        format!("{first}, dan {} perbedaan lain", total - 1)
    } else {
        first
    };
    Err(StoreError::ForeignSchema { detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema check compares SQL text that SQLite itself writes in places (ALTER TABLE
    /// ADD COLUMN and RENAME rewrite a table's text; FTS5 creates its shadow tables). Every
    /// database in use was written by the SQLite bundled now; should an upgrade of
    /// `libsqlite3-sys` write any of it differently, the databases of every user would be
    /// refused at start. This pins the reference of each version: when it fails after such
    /// an upgrade, compare old and new texts and teach the check the difference (never
    /// just update the digests). A new migration adds its digest.
    #[test]
    fn the_reference_schema_of_every_version_is_what_sqlite_wrote_for_users() {
        use sha2::{Digest, Sha256};
        let digests: Vec<String> = (0..=super::super::MIGRATIONS_SLICE.len())
            .map(|v| {
                let reference =
                    reference_schema(super::super::MIGRATIONS_SLICE, v).expect("reference");
                let mut h = Sha256::new();
                for ((kind, name), objects) in reference.iter() {
                    for o in objects {
                        h.update(format!(
                            "{kind}\u{1f}{name}\u{1f}{:?}\u{1f}{:?}\u{1e}",
                            o.table, o.sql
                        ));
                    }
                }
                h.finalize()
                    .iter()
                    .take(8)
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        let known = [
            "e3b0c44298fc1c14", // v0: nothing
            "cc2bdbc90c16d73c",
            "2d3a2efc53dba5df",
            "5e012902ad9a574e",
            "a23c42ee343bd8fa",
            "2722ba7b0fa70c54",
            "b962916610f71f5e",
            "2147737e6b39bd25",
            "8962e4c1cd1b0190", // v8
            "d14c703983151759",
            "e8961650202d277b", // v10
            "ed3aa2a4012a3848", // v11
            "71a7cc9e66f4ff18", // v12
            "81a41df2c6fa8f25", // v13
            "3f7e09ea51eab123", // v14
            "1a7c033f8ba96409", // v15
            "7a2a03b0aac8cd80", // v16
            "b0533f61832d91c3", // v17
        ];
        assert_eq!(digests, known);
    }
}
