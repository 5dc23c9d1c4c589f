//! Restoring a backup through `bintek serve` (`POST /api/backup_restore`): the server
//! stops using its Api, restores, and opens the database again, like the desktop does;
//! admin only; a file another program holds is refused and the server keeps working.

mod common;
use common::*;

use bintek_core::Api;
use serde_json::json;

impl Host {
    async fn titles(&self) -> Vec<String> {
        let list = self.ok("event_list", json!({})).await;
        let mut t: Vec<String> = list
            .as_array()
            .expect("list")
            .iter()
            .map(|e| e["title"].as_str().expect("title").to_string())
            .collect();
        t.sort();
        t
    }
}

async fn event(h: &Host, title: &str) {
    h.ok(
        "event_create",
        json!({"title": title, "start_date": "2019-09-17"}),
    )
    .await;
}

#[tokio::test]
async fn the_organizer_restores_a_listed_backup_and_the_app_keeps_working() {
    let h = local().await;
    event(&h, "Sebelum").await;
    let b = h.ok("backup_create", json!({})).await;
    event(&h, "Sesudah").await;
    assert_eq!(h.titles().await, ["Sebelum", "Sesudah"]);

    let (status, report) = h
        .post("backup_restore", json!({"backup": b["file_name"]}))
        .await;
    assert_eq!(status, 200, "{report}");
    assert!(
        report["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Basis data dipulihkan")),
        "{report}"
    );
    assert_eq!(h.titles().await, ["Sebelum"], "the change is gone");
    // The app keeps working on the restored database.
    event(&h, "Baru").await;
    assert_eq!(h.titles().await, ["Baru", "Sebelum"]);
    let list = h.ok("backup_list", json!({})).await;
    assert!(list
        .as_array()
        .expect("list")
        .iter()
        .any(|e| e["reason"] == "before-restore"));

    // Only backups of the list, by name: no path reaches the file system.
    for name in [
        "../bintek.db",
        "/etc/passwd",
        "bintek-20990101-000000-manual.db",
    ] {
        let (status, v) = h.post("backup_restore", json!({"backup": name})).await;
        assert_eq!(status, 400, "{name}: {v}");
        assert_eq!(v["error"]["field"], "backup", "{v}");
    }
    assert_eq!(h.titles().await, ["Baru", "Sebelum"]);
}

#[tokio::test]
async fn an_uploaded_backup_is_checked_and_restored() {
    let h = local().await;
    event(&h, "Sebelum").await;
    let b = h.ok("backup_create", json!({})).await;
    let bytes = std::fs::read(b["file"].as_str().expect("file")).expect("read");
    event(&h, "Sesudah").await;

    let garbage = bintek_core::files::FilePayload::new("catatan.db", b"bukan basis data");
    let (status, v) = h
        .post(
            "backup_restore",
            json!({"file_name": garbage.file_name, "data": garbage.data}),
        )
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(h.titles().await, ["Sebelum", "Sesudah"], "nothing changed");

    let upload = bintek_core::files::FilePayload::new("cadangan-kantor.db", &bytes);
    let (status, report) = h
        .post(
            "backup_restore",
            json!({"file_name": upload.file_name, "data": upload.data}),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert!(
        report["message"]
            .as_str()
            .is_some_and(|m| m.contains("cadangan-kantor.db")),
        "{report}"
    );
    assert_eq!(h.titles().await, ["Sebelum"]);
    // The uploaded copy is not left in the backups folder.
    let left: Vec<_> = std::fs::read_dir(h.dir.path().join("backups"))
        .expect("backups")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn a_desk_may_not_restore_and_the_lan_organizer_may() {
    let h = lan().await;
    event(&h, "Sebelum").await;
    let b = h.ok("backup_create", json!({})).await;
    let args = json!({"backup": b["file_name"]});
    let (status, _) = h.post_as("backup_restore", None, args.clone()).await;
    assert_eq!(status, 401);
    let (status, paired) = h
        .post_as("pair", None, json!({"pin": "123456", "desk": "Meja 1"}))
        .await;
    assert_eq!(status, 200, "{paired}");
    let desk = paired["token"].as_str().expect("token").to_string();
    let (status, v) = h.post_as("backup_restore", Some(&desk), args.clone()).await;
    assert_eq!(status, 403, "{v}");
    event(&h, "Sesudah").await;
    let (status, v) = h.post("backup_restore", args).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(h.titles().await, ["Sebelum"]);
}

#[tokio::test]
async fn a_database_another_program_holds_is_refused_and_the_server_keeps_working() {
    let h = local().await;
    event(&h, "Sebelum").await;
    let b = h.ok("backup_create", json!({})).await;
    event(&h, "Sesudah").await;
    // The desktop app (another process) has the same database open.
    let other = Api::open(&h.dir.path().join("bintek.db")).expect("open");
    let (status, v) = h
        .post("backup_restore", json!({"backup": b["file_name"]}))
        .await;
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["error"]["code"], "database_in_use", "{v}");
    drop(other);
    assert_eq!(h.titles().await, ["Sebelum", "Sesudah"]);
}
