//! What the server test files share: `bintek serve` on a real loopback socket and a real
//! temp database, and posting commands to it as the organizer or with a token.
//! Each test file is its own crate and uses only part of this.
#![allow(dead_code)]

use std::sync::Arc;

use bintek_core::Api;
use bintek_server::{Access, Lan, Limits};
use serde_json::{json, Value};

/// A running server; dropping it stops the server.
pub struct Host {
    pub base: String,
    pub client: reqwest::Client,
    /// The organizer's token in LAN mode, empty on loopback (every caller is the organizer).
    pub admin: String,
    /// A second handle on the server's Api, when the test asked for one.
    api: Option<Arc<Api>>,
    pub dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Serves a new temp database with `access` and `limits`; the test keeps a handle on the
/// Api when `keep_api`, else the server holds the only one (as in `bintek serve`, which a
/// restore needs).
pub async fn start_with(access: Access, limits: Limits, keep_api: bool) -> Host {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Arc::new(Api::open(&dir.path().join("bintek.db")).expect("open"));
    let admin = match &access {
        Access::Lan(l) => l.admin_token().to_string(),
        Access::Local => String::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let kept = keep_api.then(|| api.clone());
    tokio::spawn(bintek_server::serve_limited(
        listener,
        api,
        Arc::new(access),
        limits,
        async {
            let _ = rx.await;
        },
    ));
    Host {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        admin,
        api: kept,
        dir,
        _stop: tx,
    }
}

/// Serves with `access` and the default limits; the server holds the only Api.
pub async fn start(access: Access) -> Host {
    start_with(access, Limits::default(), false).await
}

/// `bintek serve` on loopback.
pub async fn local() -> Host {
    start(Access::Local).await
}

/// The LAN access rules with the PIN 123456.
pub fn lan_access() -> Access {
    Access::Lan(Lan::new(Some("123456")).expect("lan"))
}

/// `bintek serve --lan` with the PIN 123456.
pub async fn lan() -> Host {
    start(lan_access()).await
}

impl Host {
    /// The Api the server runs on (only when started with `keep_api`).
    pub fn api(&self) -> &Api {
        self.api.as_ref().expect("started with keep_api")
    }

    /// The organizer's token, none on loopback.
    pub fn admin_token(&self) -> Option<&str> {
        (!self.admin.is_empty()).then_some(self.admin.as_str())
    }

    /// `POST /api/{name}` with `token` as Bearer; the status and the JSON body.
    pub async fn post_as(&self, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
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

    /// `POST /api/{name}` as the organizer.
    pub async fn post(&self, name: &str, body: Value) -> (u16, Value) {
        self.post_as(name, self.admin_token(), body).await
    }

    /// `POST /api/{name}` as the organizer, which must answer 200.
    pub async fn ok(&self, name: &str, body: Value) -> Value {
        let (status, v) = self.post(name, body).await;
        assert_eq!(status, 200, "{name}: {v}");
        v
    }

    /// Pairs a desk with `pin`.
    pub async fn pair(&self, pin: &str, desk: &str) -> (u16, Value) {
        self.post_as("pair", None, json!({"pin": pin, "desk": desk}))
            .await
    }

    /// An event with one all-day session and `n` participants; returns (event, session, codes).
    pub async fn seed(&self, n: usize) -> (String, String, Vec<String>) {
        let e = self
            .ok(
                "event_create",
                json!({"title": "Bintek", "start_date": "2019-09-17"}),
            )
            .await;
        let event = e["id"].as_str().expect("id").to_string();
        let s = self
            .ok(
                "session_add",
                json!({"event_id": event, "title": "Materi", "date": "2019-09-17",
                       "start_time": "08:00", "end_time": "16:00"}),
            )
            .await;
        let mut codes = Vec::new();
        for i in 0..n {
            let p = self
                .ok(
                    "participant_add",
                    json!({"event_id": event, "name": format!("Peserta Nomor {i}"), "opd": format!("OPD {}", i % 7),
                           "create_opd": true}),
                )
                .await;
            codes.push(p["participant"]["code"].as_str().expect("code").to_string());
        }
        (event, s["id"].as_str().expect("sid").to_string(), codes)
    }
}

/// The `p` quantile (0–1) of latencies sorted ascending; zero for none.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// A duration in milliseconds, for the load tests' figures.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
