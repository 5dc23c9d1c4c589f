//! The HTTP front door on a real loopback socket and a real temp database.

use std::sync::Arc;

use bintek_core::Api;
use serde_json::{json, Value};

struct Server {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Arc::new(Api::open(&dir.path().join("bintek.db")).expect("open"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(bintek_server::serve(listener, api, async {
        let _ = rx.await;
    }));
    Server {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        _dir: dir,
        _stop: tx,
    }
}

impl Server {
    async fn post(&self, name: &str, body: Value) -> (u16, Value) {
        let res = self
            .client
            .post(format!("{}/api/{name}", self.base))
            .json(&body)
            .send()
            .await
            .expect("send");
        let status = res.status().as_u16();
        (status, res.json().await.expect("json body"))
    }
}

#[tokio::test]
async fn create_then_get_and_list_over_http() {
    let s = start().await;
    let (status, event) = s
        .post(
            "event_create",
            json!({"title": "Bintek Pengelolaan Media Sosial", "start_date": "2019-09-17",
                   "end_date": "2019-09-18", "venue": "Gedung Riptaloka"}),
        )
        .await;
    assert_eq!(status, 200, "{event}");
    let id = event["id"].as_str().expect("id").to_string();
    let (status, got) = s.post("event_get", json!({ "id": id })).await;
    assert_eq!(status, 200);
    assert_eq!(got["venue"], json!("Gedung Riptaloka"));
    let (status, list) = s.post("event_list", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], json!(id));
}

#[tokio::test]
async fn errors_are_4xx_with_code_message_and_field() {
    let s = start().await;
    let (status, body) = s
        .post(
            "event_create",
            json!({"title": "", "start_date": "2019-09-17"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], json!("validation"));
    assert_eq!(body["error"]["field"], json!("title"));
    assert_eq!(
        body["error"]["message"],
        json!("Judul kegiatan wajib diisi.")
    );

    let (status, body) = s.post("event_get", json!({"id": "tidak-ada"})).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("not_found"));

    let (status, body) = s.post("hapus_semua", json!({})).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("unknown_command"));
}

#[tokio::test]
async fn requests_a_foreign_page_could_send_are_refused() {
    let s = start().await;
    // A plain form post (no JSON content type) cannot reach a command.
    let res = s
        .client
        .post(format!("{}/api/event_create", s.base))
        .header("content-type", "text/plain")
        .body(r#"{"title":"x","start_date":"2019-09-17"}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 400);
    // Another origin is refused even with JSON.
    let res = s
        .client
        .post(format!("{}/api/event_list", s.base))
        .header("origin", "http://evil.example")
        .json(&json!({}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 403);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], json!("forbidden"));
    // Nothing was created.
    let (_, list) = s.post("event_list", json!({})).await;
    assert_eq!(list, json!([]));
    // Broken JSON is one clear error.
    let res = s
        .client
        .post(format!("{}/api/event_list", s.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 400);
}

#[tokio::test]
async fn pages_carry_a_strict_content_security_policy() {
    let s = start().await;
    let res = s
        .client
        .get(format!("{}/kegiatan", s.base))
        .send()
        .await
        .expect("send");
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    let res = s
        .client
        .get(format!("{}/assets/tidak-ada.js", s.base))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 404);
}

/// Text from the network is checked before it reaches SQLite: a NUL or a terminal escape
/// in a title or a name is a 400 naming the field (once a NUL gave a 500 from a CHECK
/// constraint), and a 50,000-character desk search is a 400 (once a 500, "LIKE pattern
/// too complex").
#[tokio::test]
async fn control_characters_and_huge_searches_are_a_400_naming_the_field() {
    let s = start().await;
    for title in ["Bimtek\u{0}Arsip", "Bimtek \u{1b}[31mmerah\u{1b}[0m"] {
        let (status, body) = s
            .post(
                "event_create",
                json!({"title": title, "start_date": "2019-09-17"}),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["field"], "title", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .expect("message")
                .contains("karakter kendali"),
            "{body}"
        );
    }
    let (_, event) = s
        .post(
            "event_create",
            json!({"title": "Bimtek Arsip", "start_date": "2019-09-17"}),
        )
        .await;
    let (status, body) = s
        .post(
            "participant_add",
            json!({"event_id": event["id"], "name": "Rudi\u{7}\u{0}"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], "name", "{body}");
    let (status, body) = s
        .post(
            "desk_search",
            json!({"event_id": event["id"], "q": "a%".repeat(25_000)}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], "q", "{body}");
    for (name, args) in [
        (
            "participant_list",
            json!({"event_id": event["id"], "q": "a%".repeat(25_000)}),
        ),
        ("person_search", json!({"q": "a%".repeat(25_000)})),
    ] {
        let (status, body) = s.post(name, args).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert_eq!(body["error"]["field"], "q", "{name}: {body}");
    }
    let (_, list) = s.post("event_list", json!({})).await;
    assert_eq!(list.as_array().expect("events").len(), 1);
}

/// Issue 14, items 12 and 13 at the HTTP door: a package with a trigger of its own, or
/// with an NIP holding a letter, is a 400 naming what is wrong, and nothing is merged.
#[tokio::test]
async fn a_crafted_package_is_refused_over_http_and_nothing_is_merged() {
    let s = start().await;
    let (_, event) = s
        .post(
            "event_create",
            json!({"title": "Bimtek Arsip", "start_date": "2019-09-17"}),
        )
        .await;
    let event = event["id"].as_str().expect("id").to_string();
    let (status, added) = s
        .post(
            "participant_add",
            json!({"event_id": event, "name": "Sri Wahyuni", "nip": "198807242015032003"}),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    let (status, pkg) = s.post("event_package", json!({"event_id": event})).await;
    assert_eq!(status, 200);
    let bytes = bintek_core::files::decode_base64("data", pkg["data"].as_str().expect("data"))
        .expect("base64");
    for (sql, says) in [
        (
            "CREATE TRIGGER diam_diam AFTER INSERT ON attendance BEGIN DELETE FROM person; END;",
            "tidak dibuat Bintek (trigger \"diam_diam\")",
        ),
        (
            "UPDATE person SET nip = '19880724201503200X';",
            "kolom nip: NIP \"19880724201503200X\" mengandung karakter selain angka",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("paket.db");
        std::fs::write(&path, &bytes).expect("write");
        rusqlite::Connection::open(&path)
            .expect("open")
            .execute_batch(sql)
            .expect("craft");
        let crafted = std::fs::read(&path).expect("read");
        let data = bintek_core::files::FilePayload::new("paket.db", &crafted).data;
        let (status, body) = s
            .post(
                "merge_package",
                json!({"file_name": "paket.db", "data": data}),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["field"], "data");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{message}");
    }
    let (_, list) = s.post("participant_list", json!({"event_id": event})).await;
    assert_eq!(list[0]["nip"], "198807242015032003");
}
