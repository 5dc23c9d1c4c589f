//! Restoring a backup through `bintek serve` (`POST /api/backup_restore`): the server
//! stops using its Api, restores, and opens the database again, like the desktop does;
//! admin only; a file another program holds is refused and the server keeps working.

use std::sync::Arc;

use bintek_core::Api;
use bintek_server::{Access, Lan};
use serde_json::{json, Value};

struct Host {
    base: String,
    client: reqwest::Client,
    admin: Option<String>,
    dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(access: Access) -> Host {
    let dir = tempfile::tempdir().expect("temp dir");
    // The server holds the only reference, as in `bintek serve`.
    let api = Arc::new(Api::open(&dir.path().join("bintek.db")).expect("open"));
    let admin = match &access {
        Access::Lan(l) => Some(l.admin_token().to_string()),
        Access::Local => None,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(bintek_server::serve_with(
        listener,
        api,
        Arc::new(access),
        async {
            let _ = rx.await;
        },
    ));
    Host {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        admin,
        dir,
        _stop: tx,
    }
}

impl Host {
    async fn post_as(&self, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut req = self
            .client
            .post(format!("{}/api/{name}", self.base))
            .json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("send");
        let status = res.status().as_u16();
        (status, res.json().await.expect("json body"))
    }

    async fn post(&self, name: &str, body: Value) -> (u16, Value) {
        let admin = self.admin.clone();
        self.post_as(name, admin.as_deref(), body).await
    }

    async fn ok(&self, name: &str, body: Value) -> Value {
        let (status, v) = self.post(name, body).await;
        assert_eq!(status, 200, "{name}: {v}");
        v
    }

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
    let h = start(Access::Local).await;
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
    let h = start(Access::Local).await;
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
    let h = start(Access::Lan(Lan::new(Some("123456")).expect("lan"))).await;
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
    let h = start(Access::Local).await;
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
