//! Backups and recovery on real SQLite files: checked backups, rotation, the read-only
//! state of a damaged database, restore, and the start and periodic backups.

mod common;
use common::*;

#[path = "../../../tests/support/sqlite.rs"]
mod sqlite;

use std::path::{Path, PathBuf};
use std::time::Duration;

use bintek_core::backup::{self, Reason};
use bintek_core::error::ErrorCode;
use bintek_core::store;
use bintek_core::{Api, ApiError};
use serde_json::{json, Value};
use sqlite::corrupt;

struct Seeded {
    dir: tempfile::TempDir,
    path: PathBuf,
    event: String,
    session: String,
    codes: Vec<String>,
}

/// An event with one session and three participants, the Api closed again.
fn seeded() -> Seeded {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bintek.db");
    let api = Api::open(&path).expect("open");
    let (event, session, codes) = seed(&api);
    drop(api);
    Seeded {
        dir,
        path,
        event,
        session,
        codes,
    }
}

fn seed(api: &Api) -> (String, String, Vec<String>) {
    let (event, sessions) =
        event_with_sessions(api, "Bimtek SPBE", None, &[("Materi 1", "08:00", "10:00")]);
    let people = add_people(api, &event, three_people(["Diskominfo"; 3]));
    let codes = people.into_iter().map(|p| p.code).collect();
    (event, sessions[0].clone(), codes)
}

fn participants(api: &Api, event: &str) -> usize {
    call(api, "participant_list", json!({"event_id": event}))
        .as_array()
        .map_or(0, Vec::len)
}

fn checkin(api: &Api, s: &Seeded, code: &str) -> Result<Value, ApiError> {
    try_call(
        api,
        "checkin",
        json!({"event_id": s.event, "session_id": s.session, "code": code}),
    )
}

fn quick_check_of(path: &Path) -> bool {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    store::health(&conn).ok
}

#[test]
fn a_backup_holds_the_data_and_passes_its_check() {
    let s = seeded();
    let api = Api::open(&s.path).expect("open");
    let info = call(&api, "backup_create", json!({}));
    assert_eq!(info["ok"], true);
    assert_eq!(info["reason"], "manual");
    let file = PathBuf::from(info["file"].as_str().expect("file"));
    assert_eq!(file.parent(), Some(s.dir.path().join("backups").as_path()));
    let name = info["file_name"].as_str().expect("name");
    assert!(
        name.starts_with("bintek-") && name.ends_with("-manual.db") && !name.contains(':'),
        "{name}"
    );
    assert_eq!(
        info["size"].as_u64(),
        Some(std::fs::metadata(&file).expect("meta").len())
    );

    // A self-contained, sound copy: no WAL needed to read it, the data is there.
    let copy =
        rusqlite::Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open copy");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "delete");
    let people: i64 = copy
        .query_row("SELECT count(*) FROM registration", [], |r| r.get(0))
        .expect("count");
    assert_eq!(people, 3);
    drop(copy);

    let list = call(&api, "backup_list", json!({"verify": true}));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["file_name"], name);
    assert_eq!(list[0]["reason"], "manual");
    assert_eq!(list[0]["ok"], true);

    // To a file of one's choosing (`bintek backup --out`), replacing what is there.
    let out = s.dir.path().join("salinan.db");
    std::fs::write(&out, b"lama").expect("old file");
    let info = api.backup_to_file(&out).expect("backup to file");
    assert!(info.ok && info.reason.is_none());
    assert!(backup::verify(&out).ok);
    // Never over the live database itself.
    let err = api.backup_to_file(&s.path).expect_err("refused");
    assert_eq!(err.field.as_deref(), Some("out"));
    assert_eq!(
        files_in(s.dir.path())
            .iter()
            .filter(|n| n.ends_with(".partial"))
            .count(),
        0
    );

    // The backup commands are for the organizer, not a desk.
    let desk = desk("Meja 1");
    for name in ["backup_create", "backup_list", "db_check"] {
        let err = try_call_as(&api, &desk, name, json!({})).expect_err("desk refused");
        assert_eq!(err.code, ErrorCode::Forbidden, "{name}");
    }
}

#[test]
fn rotation_keeps_the_newest_of_each_reason() {
    let s = seeded();
    let (conn, _) = store::open(&s.path).expect("open");
    let periodic = backup::create(&conn, &s.path, Reason::Periodic).expect("periodic");
    let mut made = Vec::new();
    for _ in 0..backup::KEEP + 2 {
        made.push(
            backup::create(&conn, &s.path, Reason::Manual)
                .expect("backup")
                .file_name,
        );
    }
    let manual: Vec<String> = backup::list(&s.path)
        .expect("list")
        .into_iter()
        .filter(|e| e.reason == Reason::Manual)
        .map(|e| e.file_name)
        .collect();
    assert_eq!(manual.len(), backup::KEEP);
    // Newest first, and the two oldest are the ones that went.
    let mut newest_first = made.clone();
    newest_first.reverse();
    assert_eq!(manual, newest_first[..backup::KEEP]);
    for gone in &made[..2] {
        assert!(!s.dir.path().join("backups").join(gone).exists(), "{gone}");
    }
    // Another reason's backups are not pushed out by these.
    assert!(Path::new(&periodic.file).exists());

    // A smaller limit, directly.
    let removed = backup::rotate(&s.path, Reason::Manual, 3);
    assert_eq!(removed.len(), backup::KEEP - 3);
    assert_eq!(backup::list(&s.path).expect("list").len(), 4);
}

#[test]
fn a_backup_that_fails_its_check_is_deleted_and_never_counts() {
    let s = seeded();
    corrupt(&s.path);
    let conn = rusqlite::Connection::open(&s.path).expect("raw open");
    let err = backup::create(&conn, &s.path, Reason::Manual).expect_err("refused");
    assert!(
        matches!(err, bintek_core::StoreError::BackupCheck { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("gagal diperiksa"), "{err}");
    assert_eq!(
        files_in(&s.dir.path().join("backups")),
        Vec::<String>::new()
    );
    assert!(backup::list(&s.path).expect("list").is_empty());
    assert!(backup::newest_good(&s.path).is_none());
    let err = backup::backup_to(&conn, &s.dir.path().join("salinan.db")).expect_err("refused");
    assert!(err.to_string().contains("gagal diperiksa"), "{err}");
    assert!(!s.dir.path().join("salinan.db").exists());

    // A row pointing at nothing fails the check too.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bintek.db");
    let (conn, _) = store::open(&path).expect("open");
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO session (id, event_id, date, start_time, end_time, title, created_at, updated_at)
         VALUES ('s1', 'tidak-ada', '2019-09-17', '08:00', '09:00', 'Yatim', 'x', 'x');
         PRAGMA foreign_keys = ON;",
    )
    .expect("orphan");
    let err = backup::create(&conn, &path, Reason::Manual).expect_err("refused");
    assert!(err.to_string().contains("foreign_key_check"), "{err}");
    assert_eq!(files_in(&dir.path().join("backups")), Vec::<String>::new());
}

#[test]
fn a_damaged_database_opens_read_only_and_a_restore_brings_the_data_back() {
    let s = seeded();
    let good = {
        let api = Api::open(&s.path).expect("open");
        assert!(!api.is_read_only());
        let info = call(&api, "backup_create", json!({}));
        info["file"].as_str().expect("file").to_string()
    };
    corrupt(&s.path);
    assert!(!quick_check_of(&s.path));

    let api = Api::open(&s.path).expect("a damaged database still opens");
    assert!(api.is_read_only());
    let damage = api.damage().expect("damage");
    assert!(!damage.health.ok);
    assert_eq!(
        damage.newest_good.as_ref().map(|b| b.file.as_str()),
        Some(good.as_str())
    );
    let info = call(&api, "app_info", json!({}));
    assert_eq!(info["read_only"], true);
    assert!(info["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("hanya-baca")));

    // Every write is refused with one code and a message naming the backup to restore.
    let good_name = Path::new(&good)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    for (name, args) in [
        (
            "event_create",
            json!({"title": "Baru", "start_date": "2020-01-01"}),
        ),
        (
            "checkin",
            json!({"event_id": s.event, "session_id": s.session, "code": s.codes[0]}),
        ),
        (
            "participant_import",
            json!({"event_id": s.event, "file_name": "daftar.csv", "dry_run": true,
                   "data": bintek_core::files::FilePayload::new("daftar.csv", b"Nama;NIP\r\nRudi;\r\n").data}),
        ),
        ("opd_create", json!({"name": "Dinas Baru"})),
    ] {
        let err = try_call(&api, name, args).expect_err(name);
        assert_eq!(err.code, ErrorCode::ReadOnly, "{name}: {err:?}");
        assert!(err.message.contains(&good_name), "{name}: {}", err.message);
        assert!(err.message.contains("rusak"), "{}", err.message);
    }
    assert_eq!(ApiError::new(ErrorCode::ReadOnly, "x").http_status(), 409);
    // Nothing automatic is written next to it either.
    assert!(!api.backup_on_start());
    api.set_backup_interval(Duration::ZERO);
    assert!(!api.maybe_periodic_backup());

    let check: Value = call(&api, "db_check", json!({}));
    assert_eq!(check["ok"], false);
    assert_eq!(check["read_only"], true);
    assert_ne!(check["quick_check"][0], "ok");
    assert_eq!(check["journal_mode"], "wal");
    assert_eq!(check["newest_good_backup"]["file"], good.as_str());
    assert!(check["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains(&good_name)));

    // A restore while the damaged database is open is refused and changes nothing.
    let damaged_bytes = std::fs::read(&s.path).expect("read");
    let err = backup::restore(&s.path, Path::new(&good)).expect_err("in use");
    assert_eq!(err.code, ErrorCode::DatabaseInUse);
    assert!(err.message.contains("sedang dipakai"), "{}", err.message);
    drop(api);
    assert_eq!(std::fs::read(&s.path).expect("read"), damaged_bytes);

    let report = backup::restore(&s.path, Path::new(&good)).expect("restore");
    assert_eq!(report.schema_version, store::schema_version());
    let before = report.before_restore.expect("the damaged file was kept");
    assert_eq!(before.reason, Reason::BeforeRestore);
    assert!(!before.ok);
    assert!(
        before.file_name.contains("before-restore"),
        "{}",
        before.file_name
    );
    assert!(
        !quick_check_of(Path::new(&before.file)),
        "it is the damaged one"
    );
    assert!(report.message.contains("dipulihkan"), "{}", report.message);
    // …and it is never offered as a good backup.
    assert_eq!(
        backup::newest_good(&s.path).map(|b| b.file),
        Some(good.clone())
    );

    let api = Api::open(&s.path).expect("reopen");
    assert!(!api.is_read_only());
    assert_eq!(participants(&api, &s.event), 3);
    assert_eq!(
        checkin(&api, &s, &s.codes[0]).expect("writes again")["status"],
        "checked_in"
    );
    assert_eq!(call(&api, "db_check", json!({}))["ok"], true);
}

#[test]
fn a_restore_refuses_bad_files_and_leaves_the_database_as_it_was() {
    let s = seeded();
    let good = {
        let api = Api::open(&s.path).expect("open");
        api.backup_to_file(&s.dir.path().join("baik.db"))
            .expect("backup")
            .file
    };
    let original = std::fs::read(&s.path).expect("read");
    let backups_before = files_in(&s.dir.path().join("backups"));

    let text = s.dir.path().join("peserta.db");
    std::fs::write(&text, b"Nama;NIP\r\nRudi;123\r\n".repeat(300)).expect("write");

    let newer = s.dir.path().join("baru.db");
    std::fs::copy(&good, &newer).expect("copy");
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("bump");

    let foreign = s.dir.path().join("lain.db");
    rusqlite::Connection::open(&foreign)
        .expect("open")
        .execute_batch("CREATE TABLE catatan (isi TEXT); INSERT INTO catatan VALUES ('x');")
        .expect("foreign");

    let damaged = s.dir.path().join("rusak.db");
    std::fs::copy(&good, &damaged).expect("copy");
    corrupt(&damaged);

    for (file, says) in [
        (text.clone(), "bukan basis data SQLite"),
        (newer.clone(), "versi Bintek yang lebih baru"),
        (foreign.clone(), "bukan basis data Bintek"),
        (damaged.clone(), "rusak"),
        (s.dir.path().join("tidak-ada.db"), "tidak ditemukan"),
        (s.path.clone(), "sedang dipakai"),
    ] {
        let err = backup::restore(&s.path, &file).expect_err("refused");
        assert_eq!(
            err.code,
            ErrorCode::InvalidArgument,
            "{}: {err:?}",
            file.display()
        );
        assert!(
            err.message.contains(says),
            "{}: {}",
            file.display(),
            err.message
        );
        assert!(
            std::fs::read(&s.path).expect("read") == original,
            "{}: the database is byte for byte as it was",
            file.display()
        );
        assert_eq!(files_in(&s.dir.path().join("backups")), backups_before);
        let leftovers: Vec<String> = files_in(s.dir.path())
            .into_iter()
            .filter(|n| n.contains(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // The offered files themselves are not touched either.
    assert_eq!(
        rusqlite::Connection::open(&newer)
            .expect("open")
            .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
            .expect("v"),
        99
    );

    // A good one into a place with no database yet.
    let fresh = s.dir.path().join("kantor").join("bintek.db");
    let report = backup::restore(&fresh, Path::new(&good)).expect("restore");
    assert!(report.before_restore.is_none());
    let api = Api::open(&fresh).expect("open");
    assert_eq!(participants(&api, &s.event), 3);
}

#[test]
fn a_sound_database_is_kept_checked_before_a_restore() {
    let s = seeded();
    let old = {
        let api = Api::open(&s.path).expect("open");
        api.backup_to_file(&s.dir.path().join("lama.db"))
            .expect("backup")
            .file
    };
    {
        let api = Api::open(&s.path).expect("open");
        call(
            &api,
            "participant_add",
            json!({"event_id": s.event, "name": "Peserta Keempat"}),
        );
    }
    let report = backup::restore(&s.path, Path::new(&old)).expect("restore");
    let before = report.before_restore.expect("kept");
    assert!(before.ok);
    assert!(
        before.file_name.ends_with("-before-restore.db"),
        "{}",
        before.file_name
    );
    let api = Api::open(&s.path).expect("open");
    assert_eq!(participants(&api, &s.event), 3);
    drop(api);
    // The newer state is one restore away.
    backup::restore(&s.path, Path::new(&before.file)).expect("restore back");
    let api = Api::open(&s.path).expect("open");
    assert_eq!(participants(&api, &s.event), 4);
}

#[test]
fn a_check_in_after_the_interval_makes_one_periodic_backup_in_the_background() {
    let s = seeded();
    let api = Api::open(&s.path).expect("open");
    let periodic = || {
        backup::list(&s.path)
            .expect("list")
            .into_iter()
            .filter(|e| e.reason == Reason::Periodic)
            .count()
    };
    // Within the interval (10 minutes by default): nothing.
    checkin(&api, &s, &s.codes[0]).expect("checkin");
    assert!(api.wait_for_backup().is_none());
    assert_eq!(periodic(), 0);

    // The interval has passed, but nothing was written since: nothing.
    api.set_backup_interval(Duration::ZERO);
    let api = {
        drop(api);
        let api = Api::open(&s.path).expect("reopen");
        api.set_backup_interval(Duration::ZERO);
        api
    };
    assert!(!api.maybe_periodic_backup());
    assert!(api.wait_for_backup().is_none());
    // A failed scan writes only its log line: still nothing.
    checkin(&api, &s, "ZZZZZZ").expect_err("unknown code");
    assert!(api.wait_for_backup().is_none());
    assert_eq!(periodic(), 0);

    // A check-in after the interval: one backup, made in the background.
    checkin(&api, &s, &s.codes[1]).expect("checkin");
    let info = api
        .wait_for_backup()
        .expect("a backup was started")
        .expect("and it succeeded");
    assert_eq!(info.reason, Some(Reason::Periodic));
    assert_eq!(periodic(), 1);
    let copy = rusqlite::Connection::open(&info.file).expect("open");
    let present: i64 = copy
        .query_row(
            "SELECT count(*) FROM attendance WHERE undone_at IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(present, 2, "the check-in that triggered it is in it");

    // No write since: no second one, however often it is asked.
    assert!(!api.maybe_periodic_backup());
    assert!(api.wait_for_backup().is_none());
    // The next interval has not passed: the next check-in makes none.
    api.set_backup_interval(Duration::from_secs(3600));
    checkin(&api, &s, &s.codes[2]).expect("checkin");
    assert!(api.wait_for_backup().is_none());
    assert_eq!(periodic(), 1);
    assert!(api.last_backup_error().is_none());
}

#[test]
fn the_start_backup_skips_new_and_empty_databases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bintek.db");
    let api = Api::open(&path).expect("new");
    assert!(!api.backup_on_start(), "a brand-new file");
    drop(api);
    let api = Api::open(&path).expect("reopen");
    assert!(!api.backup_on_start(), "an empty database");
    seed(&api);
    drop(api);

    let api = Api::open(&path).expect("reopen");
    assert!(api.backup_on_start());
    let info = api.wait_for_backup().expect("started").expect("made");
    assert_eq!(info.reason, Some(Reason::Start));
    assert!(info.file_name.ends_with("-start.db"));
    // The start backup counts as the last one: no periodic one right after it.
    call(
        &api,
        "event_create",
        json!({"title": "Lain", "start_date": "2020-01-01"}),
    );
    assert!(!api.maybe_periodic_backup());
}

#[test]
fn a_migration_backup_follows_the_same_naming_and_check() {
    // store's own test covers the upgrade itself; here: it is listed like the others.
    let s = seeded();
    let (conn, _) = store::open(&s.path).expect("open");
    let info = backup::create(&conn, &s.path, Reason::Migration).expect("backup");
    assert!(info.file_name.ends_with("-migration.db"));
    let list = backup::list(&s.path).expect("list");
    assert_eq!(list[0].reason, Reason::Migration);
    assert!(list[0].ok);
}

#[test]
fn even_a_damaged_schema_page_opens_read_only_and_can_be_restored() {
    let s = seeded();
    let good = Api::open(&s.path)
        .expect("open")
        .backup_to_file(&s.dir.path().join("baik.db"))
        .expect("backup")
        .file;
    // Page 1 past the 100-byte file header: the schema itself.
    let mut bytes = std::fs::read(&s.path).expect("read");
    for b in &mut bytes[100..1024] {
        *b = 0xA5;
    }
    std::fs::write(&s.path, bytes).expect("write");
    let api = Api::open(&s.path).expect("opens");
    assert!(api.is_read_only());
    let err = call_err(
        &api,
        "event_create",
        json!({"title": "x", "start_date": "2020-01-01"}),
    );
    assert_eq!(err.code, ErrorCode::ReadOnly);
    drop(api);
    let report = backup::restore(&s.path, Path::new(&good)).expect("restore");
    assert!(report.before_restore.is_some_and(|b| !b.ok));
    let api = Api::open(&s.path).expect("open");
    assert_eq!(participants(&api, &s.event), 3);
}

/// On Windows a file another program holds open (SQLite opens without
/// FILE_SHARE_DELETE; so do Explorer previews and antivirus scanners) cannot be deleted.
/// A rotation that meets one keeps it for the next round; the backup itself succeeds.
#[test]
fn a_backup_open_elsewhere_does_not_fail_the_backup_or_its_rotation() {
    let s = seeded();
    let (conn, _) = store::open(&s.path).expect("open");
    let oldest = backup::create(&conn, &s.path, Reason::Manual).expect("first");
    let held = rusqlite::Connection::open(&oldest.file).expect("open the backup elsewhere");
    let events: i64 = held
        .query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .expect("read it");
    assert!(events > 0);
    for _ in 0..backup::KEEP + 1 {
        let made =
            backup::create(&conn, &s.path, Reason::Manual).expect("backup while one is held");
        assert!(made.ok && Path::new(&made.file).exists());
    }
    let removed = backup::rotate(&s.path, Reason::Manual, 2);
    assert!(!removed.contains(&oldest.file_name));
    if cfg!(windows) {
        // Still there while it is open …
        assert!(Path::new(&oldest.file).exists());
        drop(held);
        // … and the next rotation removes it.
        let removed = backup::rotate(&s.path, Reason::Manual, 2);
        assert!(removed.contains(&oldest.file_name), "{removed:?}");
    }
    assert!(!Path::new(&oldest.file).exists());
    assert_eq!(
        backup::list(&s.path)
            .expect("list")
            .iter()
            .filter(|e| e.reason == Reason::Manual)
            .count(),
        2
    );
}

/// Issue 14, item 12: a backup with a trigger of its own would run the attacker's SQL at
/// the next check-in. A restore takes only what Bintek itself creates.
#[test]
fn a_backup_with_an_extra_trigger_is_refused_and_the_database_stays_as_it_was() {
    let s = seeded();
    let good = Api::open(&s.path)
        .expect("open")
        .backup_to_file(&s.dir.path().join("baik.db"))
        .expect("backup")
        .file;
    let crafted = s.dir.path().join("cadangan-diubah.db");
    std::fs::copy(&good, &crafted).expect("copy");
    rusqlite::Connection::open(&crafted)
        .expect("open")
        .execute_batch(
            "CREATE TRIGGER catat_hadir AFTER INSERT ON attendance BEGIN
               DELETE FROM person;
             END;",
        )
        .expect("trigger");
    let original = std::fs::read(&s.path).expect("read");
    let err = backup::restore(&s.path, &crafted).expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidArgument, "{err:?}");
    assert!(
        err.message.contains("tidak dibuat Bintek") && err.message.contains("catat_hadir"),
        "{}",
        err.message
    );
    assert!(std::fs::read(&s.path).expect("read") == original);
    let leftovers: Vec<String> = files_in(s.dir.path())
        .into_iter()
        .filter(|n| n.contains(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The next check-in is an ordinary one.
    let api = Api::open(&s.path).expect("open");
    checkin(&api, &s, &s.codes[0]).expect("check-in");
    assert_eq!(participants(&api, &s.event), 3);
}

/// A backup in the folder that someone gave a trigger of its own is not a good backup:
/// it is never offered for a restore, and its check runs none of its SQL.
#[test]
fn a_backup_with_a_foreign_trigger_does_not_verify() {
    let s = seeded();
    let api = Api::open(&s.path).expect("open");
    let b = call(&api, "backup_create", json!({}));
    drop(api);
    let file = b["file"].as_str().expect("file").to_string();
    assert!(backup::verify(Path::new(&file)).ok);
    rusqlite::Connection::open(&file)
        .expect("open")
        .execute_batch(
            "CREATE TRIGGER catat_hadir AFTER INSERT ON attendance BEGIN
               DELETE FROM person;
             END;",
        )
        .expect("trigger");
    let health = backup::verify(Path::new(&file));
    assert!(!health.ok);
    assert!(
        health.summary().contains("catat_hadir"),
        "{}",
        health.summary()
    );
    assert!(backup::newest_good(&s.path).is_none());
}
