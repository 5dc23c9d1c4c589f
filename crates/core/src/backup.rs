//! Backups and recovery.
//!
//! A backup is an online copy made with SQLite's backup API into a temporary file beside
//! its destination, checked there (`integrity_check` exactly "ok", `foreign_key_check`
//! empty), synced, and only then renamed into place: a copy that fails its check is
//! deleted and never counts. Automatic backups live in `backups/` beside the database as
//! `<db name>-YYYYMMDD-HHMMSS-<reason>.db` (local time; no `:` so Windows accepts it) and
//! the newest [`KEEP`] of each reason are kept.
//!
//! The Api takes one at start ([`Api::backup_on_start`]), before a migration (in
//! `store::open`), every [`PERIODIC_INTERVAL`] while check-ins happen
//! ([`Api::maybe_periodic_backup`]) and on request (`backup_create`). A restore
//! ([`restore`]) works on files while no connection is open, so it is a plain function
//! for the CLI (and, later, the desktop shell before it opens the Api), not a command.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use chrono::{Local, NaiveDateTime, TimeZone, Timelike};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller, NoArgs};
use crate::error::{ApiError, ErrorCode, StoreError};
use crate::store::{self, file, ForeignKeyError};

/// How many backups of each reason are kept.
pub const KEEP: usize = 20;
/// At most one periodic backup per this interval, and only after a write.
pub const PERIODIC_INTERVAL: Duration = Duration::from_secs(10 * 60);
/// The folder beside the database that holds its backups.
pub const BACKUP_DIR: &str = "backups";
/// Marks a copy kept although it failed its check (the damaged database before a restore).
const DAMAGED_MARK: &str = "-damaged";
const PARTIAL_EXT: &str = "partial";

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Start,
    Migration,
    Periodic,
    Manual,
    BeforeRestore,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Start,
        Reason::Migration,
        Reason::Periodic,
        Reason::Manual,
        Reason::BeforeRestore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Start => "start",
            Reason::Migration => "migration",
            Reason::Periodic => "periodic",
            Reason::Manual => "manual",
            Reason::BeforeRestore => "before-restore",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A backup just made.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupInfo {
    /// Full path of the backup file.
    pub file: String,
    pub file_name: String,
    /// Why it was made; none for a backup to a file of the user's choosing.
    pub reason: Option<Reason>,
    /// RFC 3339, local time.
    pub created_at: String,
    pub size: u64,
    pub duration_ms: u64,
    /// It passed `integrity_check` and `foreign_key_check` (always true: a copy that
    /// fails is deleted and reported as an error instead).
    pub ok: bool,
    /// Older backups of the same reason removed by the rotation.
    pub removed: Vec<String>,
    /// The copy into the second backup folder, when one is set (`crate::mirror`); its
    /// failure never fails the backup.
    #[serde(default)]
    pub second_copy: Option<crate::mirror::SecondCopy>,
}

/// A backup found in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupEntry {
    pub file: String,
    pub file_name: String,
    /// RFC 3339, local time, from the file name.
    pub created_at: String,
    pub reason: Reason,
    pub size: u64,
    /// It passed its check when it was made (only the copy of a damaged database kept
    /// before a restore did not); with `verify`, it passed `integrity_check` again now.
    pub ok: bool,
}

/// The backups folder of the database at `db_path`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(BACKUP_DIR)
}

pub(crate) fn db_stem(db_path: &Path) -> String {
    db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "bintek".to_string())
}

/// One process makes one backup at a time: picking a free name and renaming into it
/// must not interleave (two backups in the same second get `-2`, `-3`, …).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// Copies the database of `conn` to `dest` (replacing a file there), checked before it
/// counts: see the module documentation.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<BackupInfo, StoreError> {
    let started = Instant::now();
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Backup {
        path: dir.display().to_string(),
        reason: format!("folder tidak dapat dibuat ({e})"),
    })?;
    let tmp = partial_path(dest);
    let made = (|| {
        let copy = file::copy_online(conn, &tmp)?;
        let health = file::integrity(&copy);
        drop(copy);
        if !health.ok {
            return Err(StoreError::BackupCheck {
                detail: health.summary(),
            });
        }
        sync_file(&tmp)?;
        // A WAL left beside an older file of that name would be replayed onto the copy.
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sidecar(dest, suffix));
        }
        place(&tmp, dest)
    })();
    if let Err(e) = made {
        remove_with_sidecars(&tmp);
        return Err(match e {
            StoreError::Sqlite(e) => StoreError::Backup {
                path: dest.display().to_string(),
                reason: e.to_string(),
            },
            other => other,
        });
    }
    let size = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo {
        file: dest.display().to_string(),
        file_name: file_name_of(dest),
        reason: None,
        created_at: Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        size,
        duration_ms: started.elapsed().as_millis() as u64,
        ok: true,
        removed: Vec::new(),
        second_copy: None,
    })
}

/// Makes a checked backup of the database at `db_path` (open on `conn`) into its backups
/// folder for `reason`, then rotates that reason's backups.
pub fn create(conn: &Connection, db_path: &Path, reason: Reason) -> Result<BackupInfo, StoreError> {
    let _one = one_at_a_time();
    let now = Local::now().naive_local();
    let dest = free_name(db_path, now, reason, false);
    let mut info = backup_to(conn, &dest)?;
    info.reason = Some(reason);
    info.created_at = local_rfc3339(now);
    info.removed = rotate(db_path, reason, KEEP);
    info.second_copy = crate::mirror::copy_after(db_path, &dest, reason);
    Ok(info)
}

pub(crate) fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn local_rfc3339(t: NaiveDateTime) -> String {
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_else(|| t.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// `<dir>/<stem>-YYYYMMDD-HHMMSS-<reason>[-N][-damaged].db`. N counts up within one
/// second across all reasons, past every backup of that second still there, so names
/// sort in the order they were made even when a rotation has just freed a lower N.
fn free_name(db_path: &Path, at: NaiveDateTime, reason: Reason, damaged: bool) -> PathBuf {
    let dir = backups_dir(db_path);
    let stem = db_stem(db_path);
    let at = at.with_nanosecond(0).unwrap_or(at);
    let taken = std::fs::read_dir(&dir)
        .map(|read| {
            read.flatten()
                .filter_map(|item| parse_name(&stem, &item.file_name().to_string_lossy()))
                .filter(|(t, ..)| *t == at)
                .map(|(_, n, ..)| n)
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    let base = format!("{stem}-{}-{}", at.format("%Y%m%d-%H%M%S"), reason.as_str());
    let mark = if damaged { DAMAGED_MARK } else { "" };
    let name = match taken + 1 {
        1 => format!("{base}{mark}.db"),
        n => format!("{base}-{n}{mark}.db"),
    };
    dir.join(name)
}

/// A name beside `dest` that no listing mistakes for a backup.
pub(crate) fn partial_path(dest: &Path) -> PathBuf {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let name = format!(
        "{}.{}-{n}.{PARTIAL_EXT}",
        file_name_of(dest),
        std::process::id()
    );
    dest.with_file_name(name)
}

/// Flushes a file we just wrote to disk. It is opened for writing: Windows'
/// `FlushFileBuffers` refuses a read-only handle ("Access is denied", os error 5), which
/// once made every backup and restore fail there.
pub(crate) fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::file(path, e))
}

/// Renames `tmp` over `dest` (both in one folder, so atomic) and makes the rename durable.
/// `std::fs::rename` replaces an existing file on Windows too (MoveFileExW with
/// MOVEFILE_REPLACE_EXISTING), as long as no program holds it open.
pub(crate) fn place(tmp: &Path, dest: &Path) -> Result<(), StoreError> {
    std::fs::rename(tmp, dest).map_err(|e| StoreError::file(dest, e))?;
    sync_dir(dest);
    Ok(())
}

/// Flushes a folder entry (a rename) to disk where the system allows it.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(crate) fn remove_with_sidecars(path: &Path) {
    for p in [
        path.to_path_buf(),
        sidecar(path, "-journal"),
        sidecar(path, "-wal"),
        sidecar(path, "-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

/// What a backup's file name says: when, why, which of the same second, damaged or not.
fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, u32, Reason, bool)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".db")?;
    let stamp = NaiveDateTime::parse_from_str(rest.get(..15)?, "%Y%m%d-%H%M%S").ok()?;
    let mut tail = rest.get(15..)?.strip_prefix('-')?;
    let damaged = match tail.strip_suffix(DAMAGED_MARK) {
        Some(t) => {
            tail = t;
            true
        }
        None => false,
    };
    let (reason, n) = match tail.rsplit_once('-') {
        Some((r, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (r, n.parse().ok()?)
        }
        _ => (tail, 1),
    };
    Some((stamp, n, Reason::parse(reason)?, damaged))
}

/// The backups of the database at `db_path`, newest first. Files that do not follow the
/// naming (another database's backups, anything a person put there) are left out.
pub fn list(db_path: &Path) -> Result<Vec<BackupEntry>, StoreError> {
    Ok(scan(db_path)?.into_iter().map(|(_, e)| e).collect())
}

type Key = (NaiveDateTime, u32);

fn scan(db_path: &Path) -> Result<Vec<(Key, BackupEntry)>, StoreError> {
    scan_in(&backups_dir(db_path), &db_stem(db_path))
}

/// The backups of the database named `stem` in `dir`, newest first.
fn scan_in(dir: &Path, stem: &str) -> Result<Vec<(Key, BackupEntry)>, StoreError> {
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::file(dir, e)),
    };
    let mut out = Vec::new();
    for item in read.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let Some((at, n, reason, damaged)) = parse_name(stem, &name) else {
            continue;
        };
        let Ok(meta) = item.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        out.push((
            (at, n),
            BackupEntry {
                file: item.path().display().to_string(),
                file_name: name,
                created_at: local_rfc3339(at),
                reason,
                size: meta.len(),
                ok: !damaged,
            },
        ));
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.0));
    Ok(out)
}

/// Checks a backup file again now: exactly Bintek's schema (before anything else reads
/// it), `integrity_check` and `foreign_key_check`.
pub fn verify(path: &Path) -> store::Health {
    let checked =
        file::open_read_only(path).and_then(|conn| file::check_schema(&conn).map(|()| conn));
    match checked {
        Ok(conn) => file::integrity(&conn),
        Err(e) => store::Health {
            ok: false,
            quick_check: vec![format!("galat: {e}")],
            foreign_key_errors: Vec::new(),
        },
    }
}

/// The newest backup that passed its check when made and passes `integrity_check` now:
/// what a damaged database should be restored from.
pub fn newest_good(db_path: &Path) -> Option<BackupEntry> {
    list(db_path)
        .ok()?
        .into_iter()
        .filter(|e| e.ok)
        .find(|e| verify(Path::new(&e.file)).ok)
}

/// Keeps the newest `keep` backups of `reason` and removes the older ones (and partial
/// copies a crash left behind over an hour ago). Returns the names removed.
pub fn rotate(db_path: &Path, reason: Reason, keep: usize) -> Vec<String> {
    rotate_in(&backups_dir(db_path), &db_stem(db_path), reason, keep)
}

/// [`rotate`] in the folder `dir` for the database named `stem` (also the second folder).
pub(crate) fn rotate_in(dir: &Path, stem: &str, reason: Reason, keep: usize) -> Vec<String> {
    let mut removed = Vec::new();
    let entries = scan_in(dir, stem).unwrap_or_default();
    for (_, e) in entries
        .into_iter()
        .filter(|(_, e)| e.reason == reason)
        .skip(keep)
    {
        if std::fs::remove_file(&e.file).is_ok() {
            removed.push(e.file_name);
        }
    }
    if let Ok(read) = std::fs::read_dir(dir) {
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for item in read.flatten() {
            let stale = item.path().extension().is_some_and(|x| x == PARTIAL_EXT)
                && item
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < hour_ago);
            if stale {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }
    removed
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct RestoreReport {
    /// The database that was replaced.
    pub database: String,
    /// The file it was restored from.
    pub restored_from: String,
    /// Schema version of the restored database (the app migrates an older one at start).
    pub schema_version: i64,
    pub size: u64,
    /// The copy of the database as it was before the restore (none if there was no
    /// database yet). Kept even when damaged (`ok: false`).
    pub before_restore: Option<BackupEntry>,
    /// What happened, in Bahasa Indonesia.
    pub message: String,
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Replaces the database at `db_path` with the backup `backup_file`, while no program has
/// the database open.
///
/// 1. A private copy of `backup_file` (and its `-wal`, if any) is made beside the
///    database and must be a sound Bintek database: SQLite, a schema version this app
///    knows, exactly the schema Bintek creates for it (`store::file::check_schema`, before
///    anything else reads it), `integrity_check` "ok", `foreign_key_check` empty.
/// 2. The current database is locked exclusively, which fails when the desktop app or
///    `bintek serve` has it open.
/// 3. The current database is kept as a `before-restore` backup: a checked online copy,
///    else (damaged) the copy marked `-damaged`, else (unreadable) its raw bytes.
/// 4. Its `-wal`/`-shm` are removed (a stale WAL would be replayed onto the restored
///    file) and the checked copy is renamed into its place.
///
/// Any failure before step 4 leaves the current database as it was.
pub fn restore(db_path: &Path, backup_file: &Path) -> Result<RestoreReport, ApiError> {
    check_offered(db_path, backup_file)?;
    // 1. A checked private copy, beside the database so that the final rename is atomic.
    let tmp = partial_path(db_path);
    let candidate = removing_on_error(&tmp, checked_copy(backup_file, &tmp))?;
    let before_restore = removing_on_error(&tmp, swap_in(&tmp, db_path))?;
    let size = std::fs::metadata(db_path).map(|m| m.len()).unwrap_or(0);
    let mut message = format!("Basis data dipulihkan dari {}.", file_name_of(backup_file));
    if let Some(b) = &before_restore {
        message.push_str(&format!(
            " Basis data sebelumnya disimpan sebagai {}{}.",
            b.file,
            if b.ok { "" } else { " (rusak)" }
        ));
    }
    Ok(RestoreReport {
        database: db_path.display().to_string(),
        restored_from: backup_file.display().to_string(),
        schema_version: candidate.user_version,
        size,
        before_restore,
        message,
    })
}

/// A restore refused because of the offered file, saying why.
fn not_restorable(backup_file: &Path, reason: &str) -> ApiError {
    StoreError::NotRestorable {
        path: backup_file.display().to_string(),
        reason: reason.to_string(),
    }
    .into()
}

/// The offered file must be a readable file other than the database itself; the
/// database's folder is made if missing.
fn check_offered(db_path: &Path, backup_file: &Path) -> Result<(), ApiError> {
    let refuse = |reason: &str| not_restorable(backup_file, reason);
    let meta = std::fs::metadata(backup_file).map_err(|e| {
        refuse(&if e.kind() == std::io::ErrorKind::NotFound {
            "berkas tidak ditemukan".to_string()
        } else {
            format!("berkas tidak dapat dibaca ({e})")
        })
    })?;
    if !meta.is_file() {
        return Err(refuse("bukan sebuah berkas"));
    }
    if same_file(backup_file, db_path) {
        return Err(refuse("berkas itu adalah basis data yang sedang dipakai"));
    }
    let db_dir = db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(db_dir).map_err(|e| StoreError::file(db_dir, e))?;
    Ok(())
}

/// Step 1: `backup_file` (and its `-wal`) copied to `tmp`, which must be a sound Bintek
/// database; synced.
fn checked_copy(backup_file: &Path, tmp: &Path) -> Result<file::Candidate, ApiError> {
    let refuse = |reason: &str| not_restorable(backup_file, reason);
    std::fs::copy(backup_file, tmp)
        .map_err(|e| refuse(&format!("berkas tidak dapat disalin ({e})")))?;
    let wal = sidecar(backup_file, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        std::fs::copy(&wal, sidecar(tmp, "-wal"))
            .map_err(|e| refuse(&format!("berkas -wal tidak dapat disalin ({e})")))?;
    }
    let c = file::examine_candidate(tmp).map_err(|e| refuse(&candidate_problem(e)))?;
    if c.user_version < 1 {
        return Err(refuse("bukan basis data Bintek"));
    }
    if !c.health.ok {
        return Err(refuse(&format!("berkas rusak ({})", c.health.summary())));
    }
    sync_file(tmp)?;
    Ok(c)
}

/// Why an offered file is no database this app can restore, in Bahasa Indonesia.
fn candidate_problem(e: StoreError) -> String {
    match e {
        StoreError::Open { reason, .. } => reason,
        StoreError::TooNew {
            db_version,
            app_version,
        } => format!(
            "dibuat oleh versi Bintek yang lebih baru (skema versi {db_version}, aplikasi \
             ini mengenal sampai versi {app_version}); perbarui aplikasi Bintek terlebih \
             dahulu"
        ),
        StoreError::ForeignSchema { detail } => {
            format!("bukan basis data Bintek yang utuh: {detail}")
        }
        StoreError::Sqlite(e) => format!("berkas rusak ({e})"),
        other => other.to_string(),
    }
}

/// Steps 2 to 4: the current database (if any) locked, kept as a `before-restore`
/// backup and its sidecars removed; then `tmp` renamed into its place.
fn swap_in(tmp: &Path, db_path: &Path) -> Result<Option<BackupEntry>, ApiError> {
    let before = if db_path.exists() {
        // 2. Nobody else may have it open; 3. keep it as it is now.
        let lock = match file::lock_exclusive(db_path) {
            Ok(conn) => Some(conn),
            Err(e @ StoreError::InUse { .. }) => return Err(e.into()),
            // Too damaged for SQLite to lock: then no Bintek can be working in it.
            Err(_) => None,
        };
        let before = keep_before_restore(lock.as_ref(), db_path)?;
        drop(lock);
        // 4. No stale WAL of the old file may meet the new one.
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = sidecar(db_path, suffix);
            if let Err(e) = std::fs::remove_file(&side) {
                if e.kind() != std::io::ErrorKind::NotFound {
                    return Err(StoreError::file(&side, e).into());
                }
            }
        }
        Some(before)
    } else {
        None
    };
    place(tmp, db_path)?;
    Ok(before)
}

/// `result`, with the private copy `tmp` removed when it is an error.
fn removing_on_error<T>(tmp: &Path, result: Result<T, ApiError>) -> Result<T, ApiError> {
    if result.is_err() {
        remove_with_sidecars(tmp);
    }
    result
}

/// Keeps the database about to be replaced in the backups folder (reason
/// `before-restore`): a checked online copy when it is sound, the same copy marked
/// `-damaged` when not, and its raw bytes (with its `-wal`) when SQLite cannot copy it.
fn keep_before_restore(conn: Option<&Connection>, db_path: &Path) -> Result<BackupEntry, ApiError> {
    let _one = one_at_a_time();
    let now = Local::now().naive_local();
    let dir = backups_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::file(&dir, e))?;
    let sound = free_name(db_path, now, Reason::BeforeRestore, false);
    let damaged = {
        let name = file_name_of(&sound);
        let stem = name.strip_suffix(".db").unwrap_or(&name);
        sound.with_file_name(format!("{stem}{DAMAGED_MARK}.db"))
    };
    let copied = conn.and_then(|conn| {
        let tmp = partial_path(&sound);
        let health = file::copy_online(conn, &tmp).map(|copy| file::integrity(&copy));
        match health {
            Ok(h) => Some((tmp, h.ok)),
            Err(_) => {
                remove_with_sidecars(&tmp);
                None
            }
        }
    });
    let (dest, ok) = match copied {
        Some((tmp, ok)) => {
            let dest = if ok { sound } else { damaged };
            sync_file(&tmp)?;
            place(&tmp, &dest)?;
            (dest, ok)
        }
        None => {
            let dest = damaged;
            std::fs::copy(db_path, &dest).map_err(|e| StoreError::file(&dest, e))?;
            let wal = sidecar(db_path, "-wal");
            if wal.exists() {
                std::fs::copy(&wal, sidecar(&dest, "-wal"))
                    .map_err(|e| StoreError::file(&wal, e))?;
            }
            sync_file(&dest)?;
            (dest, false)
        }
    };
    rotate(db_path, Reason::BeforeRestore, KEEP);
    let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    Ok(BackupEntry {
        file: dest.display().to_string(),
        file_name: file_name_of(&dest),
        created_at: local_rfc3339(now),
        reason: Reason::BeforeRestore,
        size,
        ok,
    })
}

/// The largest backup file a browser may upload for a restore (the HTTP body carries it
/// base64-encoded, within the server's body limit).
pub const MAX_UPLOAD: usize = 52 * 1024 * 1024;

/// What to restore from, as a browser says it (`POST /api/backup_restore`): a backup of
/// the list, by its file name, or an uploaded file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RestoreArgs {
    /// The `file_name` of an entry of `backup_list`.
    #[serde(default)]
    pub backup: Option<String>,
    /// An uploaded backup file's name (for messages only) …
    #[serde(default)]
    pub file_name: Option<String>,
    /// … and its bytes, base64-encoded.
    #[serde(default)]
    pub data: Option<String>,
}

/// [`restore`] from a backup of the list (only those: no path from a request reaches the
/// file system) or from uploaded bytes, written to a temporary file in the backups folder
/// and checked by the same [`restore`]. While no connection is open.
pub fn restore_with(db_path: &Path, args: &RestoreArgs) -> Result<RestoreReport, ApiError> {
    match (&args.backup, &args.data) {
        (Some(name), None) => {
            let entry = list(db_path)?
                .into_iter()
                .find(|e| &e.file_name == name)
                .ok_or_else(|| {
                    ApiError::field(
                        "backup",
                        "Cadangan itu tidak ada di daftar cadangan. Muat ulang daftarnya, lalu pilih lagi.",
                    )
                })?;
            restore(db_path, Path::new(&entry.file))
        }
        (None, Some(data)) => {
            if data.len() > MAX_UPLOAD.div_ceil(3) * 4 + 4 {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Berkas cadangan terlalu besar untuk diunggah (paling banyak {} MB). \
                         Pulihkan dengan `bintek restore` di komputer ini.",
                        MAX_UPLOAD / (1024 * 1024)
                    ),
                ));
            }
            let bytes = crate::files::decode_base64("data", data)?;
            let shown: String = args
                .file_name
                .as_deref()
                .map(|n| n.chars().filter(|c| !c.is_control()).take(120).collect())
                .filter(|n: &String| !n.trim().is_empty())
                .unwrap_or_else(|| "berkas unggahan".to_string());
            let dir = backups_dir(db_path);
            std::fs::create_dir_all(&dir).map_err(|e| StoreError::file(&dir, e))?;
            let tmp = partial_path(&dir.join(format!("{}-unggahan.db", db_stem(db_path))));
            let out = std::fs::write(&tmp, &bytes)
                .map_err(|e| ApiError::from(StoreError::file(&tmp, e)))
                .and_then(|()| restore(db_path, &tmp));
            remove_with_sidecars(&tmp);
            out.map(|mut r| {
                r.message = r.message.replacen(&file_name_of(&tmp), &shown, 1);
                r.restored_from = shown;
                r
            })
        }
        _ => Err(ApiError::field(
            "backup",
            "Pilih satu cadangan dari daftar, atau unggah satu berkas cadangan.",
        )),
    }
}

// ---------------------------------------------------------------------------------------
// The Api's side: start, periodic and manual backups, checks, the read-only state.

/// Why the Api is read-only: the database failed its start check.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Damage {
    pub health: store::Health,
    /// What to restore from, found (and verified) when the database was opened.
    pub newest_good: Option<BackupEntry>,
}

/// The Api's automatic backups: when the last one was made, how many writes the Api had
/// committed then, and the one that may be running in the background.
pub(crate) struct Scheduler {
    writes: AtomicU64,
    state: Mutex<SchedulerState>,
}

struct SchedulerState {
    interval: Duration,
    last_at: SystemTime,
    writes_at_last: u64,
    running: Option<JoinHandle<Result<BackupInfo, ApiError>>>,
    last_error: Option<ApiError>,
}

impl Scheduler {
    /// The last backup is the newest one on disk; with none, counting starts now.
    pub(crate) fn new(db_path: &Path) -> Scheduler {
        let last_at = list(db_path)
            .ok()
            .and_then(|l| l.into_iter().next())
            .and_then(|e| std::fs::metadata(&e.file).and_then(|m| m.modified()).ok())
            .unwrap_or_else(SystemTime::now);
        Scheduler {
            writes: AtomicU64::new(0),
            state: Mutex::new(SchedulerState {
                interval: PERIODIC_INTERVAL,
                last_at,
                writes_at_last: 0,
                running: None,
                last_error: None,
            }),
        }
    }

    /// Called after every committed write of the Api.
    pub(crate) fn note_write(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    fn state(&self) -> MutexGuard<'_, SchedulerState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SchedulerState {
    /// Collects a finished background backup's outcome.
    fn harvest(&mut self) -> Option<Result<BackupInfo, ApiError>> {
        if !self.running.as_ref().is_some_and(JoinHandle::is_finished) {
            return None;
        }
        let out = join(self.running.take()?);
        self.record(&out);
        Some(out)
    }

    fn record(&mut self, out: &Result<BackupInfo, ApiError>) {
        self.last_error = out.as_ref().err().cloned();
    }
}

fn join(h: JoinHandle<Result<BackupInfo, ApiError>>) -> Result<BackupInfo, ApiError> {
    h.join().unwrap_or_else(|_| {
        Err(ApiError::new(
            ErrorCode::Internal,
            "Pencadangan berhenti karena kesalahan internal.",
        ))
    })
}

/// The answer of `db_check`: the same checks as at start, run now, and what to do.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct DbCheck {
    /// `quick_check` is "ok" and no foreign key points nowhere.
    pub ok: bool,
    pub database: String,
    pub quick_check: Vec<String>,
    pub foreign_key_errors: Vec<ForeignKeyError>,
    pub journal_mode: String,
    pub network_drive: bool,
    /// The Api opened the database read-only because it failed its start check.
    pub read_only: bool,
    /// What needs attention, in Bahasa Indonesia.
    pub warnings: Vec<String>,
    /// The newest backup on disk (not verified again).
    pub last_backup: Option<BackupEntry>,
    /// When something is wrong: the newest backup that passes `integrity_check` now.
    pub newest_good_backup: Option<BackupEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct BackupListArgs {
    /// Run `integrity_check` on every backup now (slower) instead of trusting the check
    /// made when it was taken.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub verify: bool,
}

/// The warning for a database on a network drive.
pub fn network_warning(db_path: &Path) -> String {
    format!(
        "Basis data berada di drive jaringan ({}). Mode WAL SQLite tidak bekerja dengan \
         aman di drive jaringan dan data bisa rusak: pindahkan basis data ke disk lokal \
         komputer ini.",
        db_path.display()
    )
}

/// Arguments of `backup_create`: none over the wire; the CLI (`bintek backup --out`)
/// may name a file, which no request can.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct BackupCreateArgs {
    #[serde(skip)]
    #[ts(skip)]
    pub to_file: Option<PathBuf>,
}

impl Api {
    /// Sets how often periodic backups may be made (default [`PERIODIC_INTERVAL`]).
    pub fn set_backup_interval(&self, interval: Duration) {
        self.backups.state().interval = interval;
    }

    /// After a check-in: starts a periodic backup in the background if the last backup is
    /// older than the interval and the Api has committed a write since. Returns at once
    /// (the backup uses its own connection and never holds the desks' one); whether a
    /// backup was started.
    pub fn maybe_periodic_backup(&self) -> bool {
        if self.is_read_only() {
            return false;
        }
        let writes = self.backups.writes.load(Ordering::Relaxed);
        let due = {
            let st = self.backups.state();
            writes != st.writes_at_last
                && SystemTime::now()
                    .duration_since(st.last_at)
                    .is_ok_and(|age| age >= st.interval)
        };
        due && self.spawn_backup(Reason::Periodic)
    }

    /// At start (desktop, `bintek serve`): a backup in the background, unless the
    /// database is read-only, new, empty, or was just backed up before a migration.
    /// Whether a backup was started.
    pub fn backup_on_start(&self) -> bool {
        let report = self.open_report();
        if self.is_read_only() || report.from_version == 0 || report.backup.is_some() {
            return false;
        }
        let has_data = file::has_data(&self.conn()).unwrap_or(false);
        has_data && self.spawn_backup(Reason::Start)
    }

    fn spawn_backup(&self, reason: Reason) -> bool {
        let mut st = self.backups.state();
        st.harvest();
        if st.running.is_some() {
            return false;
        }
        // Counted from the start of the copy: writes during it are for the next one, and
        // a failing backup is tried again after the interval, not on every check-in.
        st.last_at = SystemTime::now();
        st.writes_at_last = self.backups.writes.load(Ordering::Relaxed);
        let path = self.path().to_path_buf();
        let spawned = std::thread::Builder::new()
            .name(format!("bintek-backup-{}", reason.as_str()))
            .spawn(move || {
                let conn = file::open_source(&path)?;
                Ok(create(&conn, &path, reason)?)
            });
        match spawned {
            Ok(h) => {
                st.running = Some(h);
                true
            }
            Err(e) => {
                st.last_error = Some(ApiError::new(
                    ErrorCode::Internal,
                    format!("Pencadangan tidak dapat dimulai: {e}"),
                ));
                false
            }
        }
    }

    /// Waits for the background backup, if one is running or finished unseen, and returns
    /// its outcome. The Api also waits for it when dropped.
    pub fn wait_for_backup(&self) -> Option<Result<BackupInfo, ApiError>> {
        let handle = self.backups.state().running.take()?;
        let out = join(handle);
        self.backups.state().record(&out);
        Some(out)
    }

    /// Why the last automatic backup failed, if it did.
    pub fn last_backup_error(&self) -> Option<ApiError> {
        let mut st = self.backups.state();
        st.harvest();
        st.last_error.clone()
    }

    /// A checked backup of the database to `dest` (the CLI's `backup --out`), on its own
    /// connection so the desks are not held up.
    pub fn backup_to_file(&self, dest: &Path) -> Result<BackupInfo, ApiError> {
        if same_file(dest, self.path()) {
            return Err(ApiError::field(
                "out",
                "Berkas tujuan adalah basis data yang sedang dipakai; pilih nama berkas lain.",
            ));
        }
        let conn = self.source_connection()?;
        let _one = one_at_a_time();
        Ok(backup_to(&conn, dest)?)
    }

    fn source_connection(&self) -> Result<Connection, StoreError> {
        if self.is_read_only() {
            file::open_read_only(self.path())
        } else {
            file::open_source(self.path())
        }
    }

    /// Command `backup_create`: a backup into the backups folder now (reason `manual`).
    pub(crate) fn backup_create(
        &self,
        _caller: &Caller,
        args: BackupCreateArgs,
    ) -> Result<BackupInfo, ApiError> {
        if let Some(dest) = &args.to_file {
            return self.backup_to_file(dest);
        }
        let conn = self.source_connection()?;
        let info = create(&conn, self.path(), Reason::Manual)?;
        let mut st = self.backups.state();
        st.last_at = SystemTime::now();
        st.writes_at_last = self.backups.writes.load(Ordering::Relaxed);
        Ok(info)
    }

    /// Command `backup_list`: the backups in the backups folder, newest first.
    pub(crate) fn backup_list(
        &self,
        _caller: &Caller,
        args: BackupListArgs,
    ) -> Result<Vec<BackupEntry>, ApiError> {
        let mut entries = list(self.path())?;
        if args.verify {
            for e in &mut entries {
                e.ok = e.ok && verify(Path::new(&e.file)).ok;
            }
        }
        Ok(entries)
    }

    /// Command `db_check`: `quick_check` and `foreign_key_check` now (on a connection of
    /// its own), the journal mode, a network drive, and the backup to restore from.
    pub(crate) fn db_check(&self, _caller: &Caller, _args: NoArgs) -> Result<DbCheck, ApiError> {
        let conn = file::open_read_only(self.path())?;
        let health = file::health(&conn);
        let journal_mode = file::journal_mode(&conn).unwrap_or_else(|e| format!("galat: {e}"));
        drop(conn);
        let network_drive = crate::paths::is_network_path(self.path());
        let read_only = self.is_read_only();
        let newest_good_backup = if health.ok && !read_only {
            None
        } else {
            newest_good(self.path())
        };
        let mut warnings = Vec::new();
        if !health.ok {
            warnings.push(damaged_message(
                self.path(),
                &health,
                newest_good_backup.as_ref(),
            ));
        } else if read_only {
            warnings.push(
                "Basis data lolos pemeriksaan sekarang, tetapi dibuka hanya-baca karena gagal \
                 diperiksa saat aplikasi dimulai. Tutup dan buka kembali aplikasi."
                    .to_string(),
            );
        }
        if journal_mode != "wal" {
            warnings.push(format!(
                "Mode jurnal basis data \"{journal_mode}\", bukan \"wal\": beberapa meja \
                 registrasi sekaligus bisa saling menunggu."
            ));
        }
        if network_drive {
            warnings.push(network_warning(self.path()));
        }
        if let Some(e) = self.last_backup_error() {
            warnings.push(format!(
                "Pencadangan otomatis terakhir gagal: {}",
                e.message
            ));
        }
        warnings.extend(crate::mirror::warning(self.path()));
        Ok(DbCheck {
            ok: health.ok,
            database: self.path().display().to_string(),
            quick_check: health.quick_check,
            foreign_key_errors: health.foreign_key_errors,
            journal_mode,
            network_drive,
            read_only,
            warnings,
            last_backup: list(self.path()).ok().and_then(|l| l.into_iter().next()),
            newest_good_backup,
        })
    }
}

/// What to tell a person whose database is damaged: what is wrong and which backup to
/// restore from (or that there is none).
pub fn damaged_message(
    db_path: &Path,
    health: &store::Health,
    good: Option<&BackupEntry>,
) -> String {
    let head = format!(
        "Basis data rusak ({}) sehingga dibuka hanya-baca: perubahan tidak dapat disimpan.",
        health.summary()
    );
    match good {
        Some(b) => format!(
            "{head} Pulihkan dari cadangan terbaru yang masih baik, {} ({}): menu \
             Pengaturan → Cadangan, atau `bintek restore \"{}\"` saat aplikasi ditutup.",
            b.file_name, b.created_at, b.file
        ),
        None => format!(
            "{head} Tidak ada cadangan yang baik di {}. Simpan salinan berkas {} dan hubungi \
             dukungan teknis.",
            backups_dir(db_path).display(),
            db_path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_name_sorts_after_every_backup_of_the_same_second() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("bintek.db");
        std::fs::create_dir_all(backups_dir(&db)).expect("dir");
        let at = NaiveDateTime::parse_from_str("20240502-081500", "%Y%m%d-%H%M%S").expect("t");
        let name = |r, d| file_name_of(&free_name(&db, at, r, d));
        assert_eq!(
            name(Reason::Manual, false),
            "bintek-20240502-081500-manual.db"
        );
        // The first ones of that second were rotated away; -2 and -3 of another reason remain.
        for n in [
            "bintek-20240502-081500-periodic-2.db",
            "bintek-20240502-081500-periodic-3.db",
        ] {
            std::fs::write(backups_dir(&db).join(n), b"").expect("touch");
        }
        assert_eq!(
            name(Reason::Manual, false),
            "bintek-20240502-081500-manual-4.db"
        );
        assert_eq!(
            name(Reason::BeforeRestore, true),
            "bintek-20240502-081500-before-restore-4-damaged.db"
        );
        let later = at + chrono::Duration::seconds(1);
        assert_eq!(
            file_name_of(&free_name(&db, later, Reason::Manual, false)),
            "bintek-20240502-081501-manual.db"
        );
    }

    #[test]
    fn names_round_trip() {
        let at = NaiveDateTime::parse_from_str("20240502-081500", "%Y%m%d-%H%M%S").expect("t");
        for (name, want) in [
            ("bintek-20240502-081500-start.db", (1, Reason::Start, false)),
            (
                "bintek-20240502-081500-before-restore-damaged.db",
                (1, Reason::BeforeRestore, true),
            ),
            (
                "bintek-20240502-081500-before-restore-3.db",
                (3, Reason::BeforeRestore, false),
            ),
            (
                "bintek-20240502-081500-periodic-12.db",
                (12, Reason::Periodic, false),
            ),
        ] {
            let (t, n, r, d) = parse_name("bintek", name).expect(name);
            assert_eq!((t, n, r, d), (at, want.0, want.1, want.2), "{name}");
            assert!(!name.contains(':'));
        }
        for other in [
            "bintek-20240502-081500-lain.db",
            "bintek-old-20240502-081500-start.db",
            "bintek-20240502-081500-start.db.123-0.partial",
            "bintek-sebelum-migrasi-v3-20240502T081500Z.db",
            "desk-20240502-081500-start.db",
        ] {
            assert!(parse_name("bintek", other).is_none(), "{other}");
        }
    }
}
