//! The SQLite store: the one place that opens and configures connections, runs migrations
//! and SQL. One module of queries per table (`get_`, `list_`, `insert_`, `update_`, …).

pub mod agency;
pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod certificate_templates;
pub mod certificates;
pub mod demo;
pub mod desks;
pub mod events;
pub mod file;
pub mod finance;
pub mod forms;
pub mod letters;
pub mod materials;
pub mod opd;
pub mod overview;
pub mod package;
pub mod people;
pub mod portal;
pub mod report;
pub mod signing_key;

pub use file::{health, ForeignKeyError, Health};

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
    M::up(include_str!("migrations/0007_certificate.sql")),
    M::up(include_str!("migrations/0008_certificate_replace.sql")),
    M::up(include_str!("migrations/0009_attendance_history.sql")),
    M::up(include_str!("migrations/0010_signing_key.sql")),
    M::up(include_str!("migrations/0011_person_institution.sql")),
    M::up(include_str!("migrations/0012_overview.sql")),
    M::up(include_str!("migrations/0013_letters_report.sql")),
    M::up(include_str!("migrations/0014_finance.sql")),
    M::up(include_str!("migrations/0015_portal.sql")),
    M::up(include_str!("migrations/0016_forms.sql")),
    M::up(include_str!("migrations/0017_materials.sql")),
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
    /// The start check (`quick_check` + `foreign_key_check`) of an existing database,
    /// when `open_checked` ran it.
    pub health: Option<Health>,
    /// The database failed that check: the connection reads only and nothing was
    /// migrated (`to_version` = `from_version`).
    pub read_only: bool,
}

/// Opens (creating if needed) the database at `path`, configures the connection
/// (WAL, `synchronous=FULL`, foreign keys, busy timeout) and migrates it to the latest
/// schema. A database written by a newer app is refused, so is one whose schema is not
/// exactly Bintek's ([`file::check_schema`]), and an existing database is backed up
/// before any migration touches it.
pub fn open(path: &Path) -> Result<(Connection, OpenReport), StoreError> {
    open_with(path, MIGRATIONS_SLICE, false)
}

/// `open` for the start of the app: an existing database is first checked with
/// `quick_check` + `foreign_key_check`. A damaged one is neither backed up nor migrated:
/// it is opened read-only (`report.read_only`), so that it can be looked at and
/// restored from a good backup, but nothing more is written into it.
pub fn open_checked(path: &Path) -> Result<(Connection, OpenReport), StoreError> {
    open_with(path, MIGRATIONS_SLICE, true)
}

/// A connection for the Api's reads, beside its one writer: WAL lets it read the last
/// committed state while a write is in progress, so a desk's search never queues behind
/// another desk's commit or an import chunk. `query_only`: it cannot write.
pub fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let conn = file::open_source(path)?;
    conn.busy_handler(Some(busy_wait))?;
    conn.set_prepared_statement_cache_capacity(256);
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DatabaseCorrupt)
}

/// `open` with a given migration list (tests use a longer one to exercise upgrades).
fn open_with(
    path: &Path,
    migrations: &'static [M<'static>],
    check: bool,
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
    let to_version = migrations.len() as i64;
    let configured = configure(&conn).and_then(|()| file::user_version(&conn));
    let from_version = match configured {
        Ok(v) => v,
        // A page SQLite needs just to start is damaged: no point in going on read-write.
        Err(e) if check && is_corrupt(&e) => {
            drop(conn);
            return open_damaged(path, to_version, None);
        }
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(open_err(
                "berkas ini bukan basis data Bintek (SQLite)".to_string(),
            ));
        }
        Err(other) => return Err(open_err(other.to_string())),
    };
    if from_version > to_version {
        return Err(StoreError::TooNew {
            db_version: from_version,
            app_version: to_version,
        });
    }
    // Before anything reads a table or runs a migration: exactly Bintek's own schema, so
    // no view or trigger of someone else's ever runs here.
    match file::check_schema_of(&conn, "main", migrations) {
        Ok(()) => {}
        Err(StoreError::Sqlite(e)) if check && is_corrupt(&e) => {
            drop(conn);
            return open_damaged(path, to_version, None);
        }
        Err(e) => return Err(e),
    }
    let mut report = OpenReport {
        from_version,
        to_version,
        ..OpenReport::default()
    };
    if check && from_version > 0 {
        let health = file::health(&conn);
        if !health.ok {
            drop(conn);
            return open_damaged(path, to_version, Some(health));
        }
        report.health = Some(health);
    }
    if from_version > 0 && from_version < to_version {
        let backup = crate::backup::create(&conn, path, crate::backup::Reason::Migration)?;
        report.backup = Some(PathBuf::from(backup.file));
    }
    if from_version < to_version {
        Migrations::from_slice(migrations).to_latest(&mut conn)?;
    }
    Ok((conn, report))
}

/// How a writer waits for another's transaction, for up to `BUSY_TIMEOUT` of wall time. SQLite's own
/// busy timeout backs off to 100 ms sleeps, so a desk behind an import that commits in
/// short chunks (another process: the CLI beside the open app) could sleep past every gap
/// between them; asking again every millisecond takes the first gap.
fn busy_wait(retries: i32) -> bool {
    busy_wait_within(retries, BUSY_TIMEOUT)
}

thread_local! {
    /// When this thread's current busy wait began (SQLite calls the handler with 0 first).
    static BUSY_SINCE: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// Naps 1 ms and says whether to try again: until `timeout` has passed since this wait's
/// first try (`retries` 0), measured on the clock, not by counting naps — a nap asked for
/// 1 ms takes up to 15.6 ms on a Windows PC, which would stretch 5,000 of them to minutes.
fn busy_wait_within(retries: i32, timeout: Duration) -> bool {
    let now = std::time::Instant::now();
    let since = BUSY_SINCE.with(|since| match since.get() {
        Some(t) if retries > 0 => t,
        _ => {
            since.set(Some(now));
            now
        }
    });
    if now.saturating_duration_since(since) >= timeout {
        return false;
    }
    std::thread::sleep(Duration::from_millis(1));
    true
}

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_handler(Some(busy_wait))?;
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

/// The floor under every write: `n` bare durable commits of one small row each, on a
/// fresh database at `path` opened as the app's are (WAL, `synchronous=FULL`), each in
/// its own IMMEDIATE transaction. Answers the time of each commit; the file is removed.
pub fn commit_probe(path: &Path, n: usize) -> Result<Vec<Duration>, StoreError> {
    let mut times = Vec::with_capacity(n);
    {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        conn.execute_batch("CREATE TABLE probe (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")?;
        for i in 0..n {
            let t = std::time::Instant::now();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("INSERT INTO probe (at) VALUES (?1)", [format!("{i}")])?;
            tx.commit()?;
            times.push(t.elapsed());
        }
    }
    crate::backup::remove_with_sidecars(path);
    Ok(times)
}

/// The floor under an import's commit: `n` new people and their registrations in
/// `event_id`, inserted with the import's own statements in one IMMEDIATE transaction,
/// the search index paused and written in one statement at the end, and committed —
/// without a single decision or look-up. Answers the time it took.
pub fn insert_probe(
    conn: &mut Connection,
    event_id: &str,
    n: usize,
) -> Result<Duration, StoreError> {
    let now = now();
    let started = std::time::Instant::now();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    people::pause_search_index(&tx, &now)?;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let person = people::PersonRow {
            id: new_id(),
            name: format!("Peserta Uji {i}"),
            nip: Some(format!("19{i:016}")),
            nik: None,
            gender: None,
            rank: None,
            position: Some("Staf".into()),
            opd_id: None,
            phone: None,
            email: None,
            institution: None,
            created_at: now.clone(),
            updated_at: now.clone(),
        };
        people::insert_person(&tx, &person)?;
        let mut reg = crate::participants::new_registration(
            event_id,
            &person.id,
            crate::model::Role::Participant,
            None,
            &now,
        );
        crate::participants::insert_registration(&tx, &mut reg)?;
        ids.push(person.id);
    }
    people::reindex_people(&tx, &[], &ids)?;
    people::resume_search_index(&tx)?;
    tx.commit()?;
    Ok(started.elapsed())
}

/// Reopens a database that failed its start check, read-only.
fn open_damaged(
    path: &Path,
    app_version: i64,
    health: Option<Health>,
) -> Result<(Connection, OpenReport), StoreError> {
    let conn = file::open_read_only(path)?;
    let from_version = file::user_version(&conn)?;
    if from_version > app_version {
        return Err(StoreError::TooNew {
            db_version: from_version,
            app_version,
        });
    }
    let health = health.unwrap_or_else(|| file::health(&conn));
    let report = OpenReport {
        from_version,
        to_version: from_version,
        backup: None,
        health: Some(health),
        read_only: true,
    };
    Ok((conn, report))
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

/// A time limit on the statements of one connection, for work driven by a file from
/// outside (a package merge): once `limit` has passed, whatever the connection runs is
/// interrupted (`SQLITE_INTERRUPT`), again every few milliseconds until [`Deadline::stop`],
/// so no such work holds the write lock for long whatever the file holds. Stop it before
/// the transaction commits or rolls back, so that those never are interrupted.
pub struct Deadline {
    until: Option<std::time::Instant>,
    stop: Option<std::sync::mpsc::Sender<()>>,
    watcher: Option<std::thread::JoinHandle<()>>,
    expired: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Deadline {
    pub fn start(conn: &Connection, limit: Duration) -> Deadline {
        use std::sync::atomic::Ordering;
        use std::sync::mpsc::RecvTimeoutError;
        let handle = conn.get_interrupt_handle();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let expired = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = expired.clone();
        let watcher = std::thread::spawn(move || {
            if stopped.recv_timeout(limit) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            flag.store(true, Ordering::SeqCst);
            // An interrupt between two statements is lost: repeat until stopped.
            loop {
                handle.interrupt();
                if stopped.recv_timeout(Duration::from_millis(2)) != Err(RecvTimeoutError::Timeout)
                {
                    return;
                }
            }
        });
        Deadline {
            until: std::time::Instant::now().checked_add(limit),
            stop: Some(stop),
            watcher: Some(watcher),
            expired,
        }
    }

    /// Whether the limit has passed: work that goes row by row asks between rows, so that
    /// it stops even where no statement runs long enough to be interrupted.
    pub fn passed(&self) -> bool {
        self.until.is_some_and(|u| std::time::Instant::now() >= u)
    }

    /// Ends the watch (waits for the watcher); says whether the limit was reached.
    pub fn stop(&mut self) -> bool {
        drop(self.stop.take());
        if let Some(w) = self.watcher.take() {
            let _ = w.join();
        }
        self.expired.load(std::sync::atomic::Ordering::SeqCst) || self.passed()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.stop();
    }
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
        M::up(include_str!("migrations/0007_certificate.sql")),
        M::up(include_str!("migrations/0008_certificate_replace.sql")),
        M::up(include_str!("migrations/0009_attendance_history.sql")),
        M::up(include_str!("migrations/0010_signing_key.sql")),
        M::up(include_str!("migrations/0011_person_institution.sql")),
        M::up(include_str!("migrations/0012_overview.sql")),
        M::up(include_str!("migrations/0013_letters_report.sql")),
        M::up(include_str!("migrations/0014_finance.sql")),
        M::up(include_str!("migrations/0015_portal.sql")),
        M::up(include_str!("migrations/0016_forms.sql")),
        M::up(include_str!("migrations/0017_materials.sql")),
        M::up("ALTER TABLE event ADD COLUMN extra TEXT;"),
    ];

    /// The busy wait is a time, not a count of naps: where a 1 ms sleep takes longer (a
    /// loaded Windows PC, whose timer ticks every 15.6 ms) a desk still hears "busy" after
    /// the timeout instead of waiting minutes.
    #[test]
    fn the_busy_wait_gives_up_after_its_time_however_long_a_nap_takes() {
        let timeout = Duration::from_millis(40);
        assert!(super::busy_wait_within(0, timeout), "the first wait naps");
        std::thread::sleep(Duration::from_millis(60));
        assert!(
            !super::busy_wait_within(1, timeout),
            "60 ms after the first try, a 40 ms wait is over"
        );
        assert!(
            super::busy_wait_within(0, timeout),
            "a new wait starts afresh"
        );
    }

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
        let (conn, report) = open_with(&path, NEXT, true).expect("upgrade");
        let current = schema_version();
        assert_eq!(
            (report.from_version, report.to_version),
            (current, current + 1)
        );
        let backup = report.backup.expect("a backup was taken");
        assert!(backup.starts_with(dir.path().join("backups")));
        let name = backup.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(!name.contains(':'), "Windows-safe name: {name}");
        assert!(
            name.starts_with("bintek-") && name.ends_with("-migration.db"),
            "named like every backup: {name}"
        );
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

    /// Every genuine file passes the schema check: one made at any earlier version and
    /// migrated since (its ALTERed and rebuilt tables read exactly like a fresh one's), and
    /// one that some SQLite tool ran ANALYZE on.
    #[test]
    fn the_schema_check_accepts_every_version_fresh_or_migrated() {
        let dir = tempfile::tempdir().expect("temp dir");
        for v in 0..=MIGRATIONS_SLICE.len() {
            let path = dir.path().join(format!("v{v}.db"));
            {
                let (conn, _) = open_with(&path, &MIGRATIONS_SLICE[..v], true).expect("old");
                file::check_schema_of(&conn, "main", &MIGRATIONS_SLICE[..v]).expect("as made");
            }
            let (conn, report) = open_checked(&path).expect("migrated");
            assert_eq!(report.to_version, schema_version());
            file::check_schema(&conn).expect("migrated like fresh");
        }
        let (conn, _) = open(&dir.path().join("v0.db")).expect("open");
        conn.execute_batch("ANALYZE; PRAGMA optimize;")
            .expect("analyze");
        file::check_schema(&conn).expect("statistics are SQLite's own");
    }

    /// An app built from a checkout with CRLF line ends wrote its schema with them.
    #[test]
    fn the_schema_check_accepts_a_database_written_with_crlf_line_ends() {
        let crlf: Vec<M<'static>> = [
            include_str!("migrations/0001_init.sql"),
            include_str!("migrations/0002_registration.sql"),
            include_str!("migrations/0003_person_search.sql"),
            include_str!("migrations/0004_agenda.sql"),
            include_str!("migrations/0005_attendance.sql"),
            include_str!("migrations/0006_desk.sql"),
            include_str!("migrations/0007_certificate.sql"),
            include_str!("migrations/0008_certificate_replace.sql"),
            include_str!("migrations/0009_attendance_history.sql"),
            include_str!("migrations/0010_signing_key.sql"),
            include_str!("migrations/0011_person_institution.sql"),
            include_str!("migrations/0012_overview.sql"),
            include_str!("migrations/0013_letters_report.sql"),
            include_str!("migrations/0014_finance.sql"),
            include_str!("migrations/0015_portal.sql"),
            include_str!("migrations/0016_forms.sql"),
            include_str!("migrations/0017_materials.sql"),
        ]
        .iter()
        .map(|sql| M::up(Box::leak(sql.replace('\n', "\r\n").into_boxed_str())))
        .collect();
        let crlf: &'static [M<'static>] = Box::leak(crlf.into_boxed_slice());
        assert_eq!(
            crlf.len(),
            MIGRATIONS_SLICE.len(),
            "list every migration here"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("crlf.db");
        let (conn, _) = open_with(&path, crlf, false).expect("made with CRLF");
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'event'",
                [],
                |r| r.get(0),
            )
            .expect("sql");
        assert!(sql.contains("\r\n"));
        file::check_schema(&conn).expect("the same schema");
    }

    #[test]
    fn the_schema_check_names_what_bintek_did_not_make() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (sql, says) in [
            (
                "CREATE VIEW peserta AS SELECT * FROM person",
                "objek yang tidak dibuat Bintek (view \"peserta\")",
            ),
            ("CREATE INDEX x ON person (phone)", "(indeks \"x\")"),
            (
                "ALTER TABLE person ADD COLUMN catatan TEXT",
                "tabel \"person\" berbeda",
            ),
            (
                "DROP INDEX person_by_opd",
                "indeks \"person_by_opd\" dari Bintek tidak ada",
            ),
            (
                "DROP TRIGGER person_fts_update; CREATE TRIGGER person_fts_update AFTER UPDATE ON \
                 person BEGIN DELETE FROM event; END",
                "trigger \"person_fts_update\" berbeda",
            ),
            ("CREATE TABLE \"a\x1b[31m\" (x)", "(tabel \"a[31m\")"),
        ] {
            let path = dir.path().join(format!("{}.db", new_id()));
            let (conn, _) = open(&path).expect("open");
            conn.execute_batch(sql).expect(sql);
            let e = file::check_schema(&conn).expect_err(sql);
            assert!(
                matches!(&e, StoreError::ForeignSchema { .. }) && e.to_string().contains(says),
                "{sql}: {e}"
            );
            drop(conn);
            let e = open(&path).expect_err("refused at open too");
            assert!(e.to_string().contains(says), "{e}");
        }
    }

    /// A merge cannot hold the write lock for long: a statement that runs past the limit
    /// is interrupted, and the rollback after it is not.
    #[test]
    fn a_deadline_interrupts_a_runaway_statement_and_nothing_after_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut conn, _) = open(&dir.path().join("d.db")).expect("open");
        let started = std::time::Instant::now();
        let mut deadline = Deadline::start(&conn, Duration::from_millis(200));
        let out: Result<i64, rusqlite::Error> = with_tx(&mut conn, |tx| {
            tx.execute("INSERT INTO settings VALUES ('x', 'y', 'z')", [])?;
            let r = tx.query_row(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
                 SELECT count(*) FROM n",
                [],
                |r| r.get(0),
            );
            assert!(deadline.stop(), "the limit was reached");
            r
        });
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(
            matches!(&out, Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::OperationInterrupted),
            "{out:?}"
        );
        let n: i64 = conn
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .expect("the connection works on");
        assert_eq!(n, 0, "rolled back");
        let mut quick = Deadline::start(&conn, Duration::from_secs(5));
        assert!(!quick.stop());
    }

    #[test]
    fn a_fresh_file_needs_no_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_conn, report) = open_with(&dir.path().join("new.db"), NEXT, true).expect("open");
        assert!(report.backup.is_none());
        assert!(!dir.path().join("backups").exists());
    }
}
