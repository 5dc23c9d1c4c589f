//! `bintek check`, `backup`, `backup list` and `restore` on real files.

mod common;
use common::*;

use std::path::Path;

use serde_json::Value;

#[test]
fn check_backup_and_list_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _) = demo(dir.path());
    let check = json_out(bintek(&db).args(["--json", "check"]));
    assert_eq!(check["ok"], true);
    assert_eq!(check["quick_check"], serde_json::json!(["ok"]));
    assert_eq!(check["foreign_key_errors"], serde_json::json!([]));
    assert_eq!(check["journal_mode"], "wal");
    assert_eq!(check["network_drive"], false);
    assert_eq!(check["warnings"], serde_json::json!([]));

    let out = dir.path().join("flashdisk").join("salinan.db");
    let b = json_out(bintek(&db).args(["--json", "backup", "--out"]).arg(&out));
    assert_eq!(b["ok"], true);
    assert_eq!(b["file"], out.display().to_string());
    assert_eq!(
        b["size"].as_u64(),
        Some(std::fs::metadata(&out).expect("written").len())
    );
    assert!(b["duration_ms"].as_u64().is_some());
    // The copy is a whole database: the CLI can read it.
    let events = json_out(bintek(&out).args(["--json", "event", "list"]));
    assert_eq!(events.as_array().map(Vec::len), Some(1));

    let b = json_out(bintek(&db).args(["--json", "backup"]));
    assert_eq!(b["reason"], "manual");
    assert!(b["file"]
        .as_str()
        .is_some_and(|f| Path::new(f).starts_with(dir.path().join("backups"))));
    let list = json_out(bintek(&db).args(["--json", "backup", "list", "--verify"]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["reason"], "manual");
    assert_eq!(list[0]["ok"], true);
    assert!(list[0]["created_at"].is_string() && list[0]["size"].as_u64() > Some(0));

    // Human output speaks Indonesian.
    let text = bintek(&db)
        .arg("check")
        .run()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).expect("utf-8");
    assert!(text.contains("Hasil         : baik"), "{text}");

    // A database that is not there is not created by checking or backing it up.
    let missing = dir.path().join("tidak-ada.db");
    for args in [&["--json", "check"][..], &["--json", "backup"][..]] {
        let err = json_err(bintek(&missing).args(args));
        assert_eq!(err["error"]["code"], "not_found");
    }
    assert!(!missing.exists());
}

#[test]
fn a_damaged_database_fails_its_check_and_a_restore_brings_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    let good = json_out(bintek(&db).args(["--json", "backup"]));
    let good = good["file"].as_str().expect("file").to_string();
    corrupt(&db);

    let out = bintek(&db)
        .args(["--json", "check"])
        .run()
        .code(1)
        .get_output()
        .clone();
    let check: Value = serde_json::from_slice(&out.stdout).expect("the report, on stdout");
    assert_eq!(check["ok"], false);
    assert_eq!(check["read_only"], true);
    assert_ne!(check["quick_check"][0], "ok");
    assert_eq!(check["newest_good_backup"]["file"], good.as_str());
    assert!(check["warnings"][0]
        .as_str()
        .is_some_and(|w| w.contains("restore")));

    // Writes are refused, with the backup to restore named.
    let err = json_err(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Baru",
        "--start",
        "2024-05-02",
    ]));
    assert_eq!(err["error"]["code"], "read_only");
    let name = Path::new(&good)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(err["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains(&name)));

    let report = json_out(bintek(&db).args(["--json", "restore", &good]));
    assert_eq!(report["restored_from"], good.as_str());
    assert_eq!(report["before_restore"]["reason"], "before-restore");
    assert_eq!(report["before_restore"]["ok"], false);
    let kept = report["before_restore"]["file"].as_str().expect("kept");
    assert!(Path::new(kept).exists());

    assert_eq!(json_out(bintek(&db).args(["--json", "check"]))["ok"], true);
    let shown = json_out(bintek(&db).args(["--json", "event", "show", &event]));
    assert_eq!(shown["venue"], "Gedung Riptaloka");
    let list = json_out(bintek(&db).args(["--json", "backup", "list"]));
    assert!(list
        .as_array()
        .expect("array")
        .iter()
        .any(|b| b["reason"] == "before-restore" && b["ok"] == false));
}

#[test]
fn restore_refuses_what_is_not_a_bintek_database_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _) = demo(dir.path());
    let before = std::fs::read(&db).expect("read");

    let csv = dir.path().join("peserta.csv");
    std::fs::write(&csv, "Nama;NIP\r\nRudi;123\r\n".repeat(500)).expect("write");
    let err = json_err(bintek(&db).args(["--json", "restore"]).arg(&csv));
    assert_eq!(err["error"]["code"], "invalid_argument");
    assert!(err["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("bukan basis data")));

    let newer = dir.path().join("baru.db");
    json_out(bintek(&db).args(["--json", "backup", "--out"]).arg(&newer));
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", 999)
        .expect("bump");
    let err = json_err(bintek(&db).args(["--json", "restore"]).arg(&newer));
    assert!(err["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("lebih baru")));

    assert!(std::fs::read(&db).expect("read") == before, "byte for byte");
    assert!(
        !dir.path().join("backups").exists(),
        "nothing kept: nothing replaced"
    );
}

#[test]
fn serve_backs_the_database_up_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _) = demo(dir.path());
    let (mut child, _) = serve(&db, &["--bind", "127.0.0.1:0"]);
    let started = std::time::Instant::now();
    let found = loop {
        let list = json_out(bintek(&db).args(["--json", "backup", "list"]));
        if let Some(b) = list
            .as_array()
            .and_then(|l| l.iter().find(|b| b["reason"] == "start"))
        {
            break Some(b.clone());
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    child.kill().expect("kill");
    let _ = child.wait();
    let b = found.expect("a start backup appeared");
    assert_eq!(b["ok"], true);
}

/// Issue 14, item 12: `bintek restore` refuses a backup carrying a trigger Bintek did not
/// create, and the database stays byte for byte as it was.
#[test]
fn restore_refuses_a_backup_with_a_trigger_of_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _) = demo(dir.path());
    let out = dir.path().join("salinan.db");
    json_out(bintek(&db).args(["--json", "backup", "--out"]).arg(&out));
    rusqlite::Connection::open(&out)
        .expect("open")
        .execute_batch(
            "CREATE TRIGGER catat_hadir AFTER INSERT ON attendance BEGIN
               UPDATE person SET name = 'diretas';
             END;",
        )
        .expect("trigger");
    let before = std::fs::read(&db).expect("read");
    let err = json_err(bintek(&db).args(["--json", "restore"]).arg(&out));
    let message = err["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("tidak dibuat Bintek") && message.contains("catat_hadir"),
        "{err}"
    );
    assert!(std::fs::read(&db).expect("read") == before);
}
