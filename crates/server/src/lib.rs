//! bintek-server: the HTTP front door. It serves the built web UI (`ui/dist`) and the same
//! command table as the desktop window at `POST /api/{command}`: JSON in, JSON out, errors
//! as 4xx/5xx with `{"error": {"code", "message", "field"}}`. It holds no business logic.
//!
//! Who may call what is decided here (see [`lan`]): on loopback every caller is the
//! organizer; in LAN desk mode a token is required and a paired desk gets the *desk* role.

pub mod lan;
pub mod limit;
pub mod routes;

pub use lan::{Access, Lan};

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use bintek_core::api::Role;
use bintek_core::{dispatch, Api, ApiError, Caller, ErrorCode};
use hyper::body::Incoming;
use rust_embed::RustEmbed;
use serde_json::{json, Value};
use tower_service::Service;

/// The built UI. In debug builds files are read from `ui/dist` at run time; release builds
/// embed them.
#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../../ui/dist"]
#[allow_missing = true]
struct Assets;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
                   form-action 'self'";

/// The largest request body: a 50 MB spreadsheet, base64-encoded, with room to spare.
const MAX_BODY: usize = 72 * 1024 * 1024;
/// The largest body of a request anyone may send before being known (`/api/pair`,
/// `/api/whoami`): a PIN and a desk name.
const MAX_SMALL_BODY: usize = 4 * 1024;
/// The largest body a paired desk or a participant sends: a check-in, a walk-in, a
/// search, a form's answers.
const MAX_DESK_BODY: usize = 64 * 1024;

#[derive(Clone)]
struct AppState {
    api: Arc<ApiSlot>,
    access: Arc<Access>,
    /// Wrong check-in codes on the participants' page, per address and in all.
    codes: Arc<limit::CodeLimiter>,
    /// See [`Limits::body_timeout`].
    body_timeout: Duration,
}

/// The Api, or why it is not there: taken out while a backup is restored
/// (`POST /api/backup_restore`), and what opening it again answered.
struct ApiSlot {
    path: std::path::PathBuf,
    api: std::sync::RwLock<Result<Arc<Api>, ApiError>>,
    /// One restore at a time.
    restoring: std::sync::Mutex<()>,
}

/// How long a restore waits for the calls in flight to finish.
const RESTORE_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

fn restoring_error() -> ApiError {
    ApiError::new(
        ErrorCode::Conflict,
        "Basis data sedang dipulihkan dari cadangan; tunggu sebentar, lalu muat ulang halaman.",
    )
}

impl ApiSlot {
    fn get(&self) -> Result<Arc<Api>, ApiError> {
        self.api.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn put(&self, api: Result<Arc<Api>, ApiError>) {
        *self.api.write().unwrap_or_else(|p| p.into_inner()) = api;
    }

    /// Stops using the Api (calls in flight finish first), restores, and opens the
    /// database again, like the desktop window does. Requests meanwhile are answered
    /// "sedang dipulihkan".
    fn restore(
        &self,
        args: &bintek_core::backup::RestoreArgs,
    ) -> Result<bintek_core::backup::RestoreReport, ApiError> {
        let Ok(_one) = self.restoring.try_lock() else {
            return Err(restoring_error());
        };
        let old = std::mem::replace(
            &mut *self.api.write().unwrap_or_else(|p| p.into_inner()),
            Err(restoring_error()),
        );
        if let Ok(api) = old {
            let until = std::time::Instant::now() + RESTORE_WAIT;
            while Arc::strong_count(&api) > 1 && std::time::Instant::now() < until {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            if Arc::strong_count(&api) > 1 {
                // Someone else holds it for good (the desktop window serving desk mode).
                self.put(Ok(api));
                return Err(ApiError::new(
                    ErrorCode::DatabaseInUse,
                    "Basis data sedang dipakai jendela aplikasi Bintek: pulihkan cadangan dari \
                     jendela aplikasi itu (Pengaturan → Cadangan data).",
                ));
            }
            drop(api);
        }
        let report = bintek_core::backup::restore_with(&self.path, args);
        self.put(Api::open(&self.path).map(Arc::new).map_err(ApiError::from));
        report
    }
}

/// The router for loopback use: `/api/{command}` and the UI.
pub fn router(api: Arc<Api>) -> Router {
    router_with(api, Arc::new(Access::Local))
}

/// The router with the given access rules (loopback, or LAN desk mode).
pub fn router_with(api: Arc<Api>, access: Arc<Access>) -> Router {
    router_limited(api, access, Limits::default().body_timeout)
}

fn router_limited(api: Arc<Api>, access: Arc<Access>, body_timeout: Duration) -> Router {
    let state = AppState {
        api: Arc::new(ApiSlot {
            path: api.path().to_path_buf(),
            api: std::sync::RwLock::new(Ok(api)),
            restoring: std::sync::Mutex::new(()),
        }),
        access,
        codes: Default::default(),
        body_timeout,
    };
    Router::new()
        .route("/api/{command}", post(api_call))
        .route("/api/backup_restore", post(backup_restore))
        .route("/api/material_file", post(material_file))
        // Imports carry whole spreadsheets (base64) in the JSON body …
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        // … but who calls is settled from the headers before any of it is read.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authenticate,
        ))
        // Anyone may call these two: small bodies only, refused before they are read.
        .route(
            "/api/pair",
            post(pair)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .route(
            "/api/participant_login",
            post(participant_login)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .route(
            "/api/participant_link",
            post(participant_link)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .route(
            "/api/whoami",
            post(whoami)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        // The organizer's own door to the PIN, which lives here and not in the Api.
        .route(
            "/api/lan_pin",
            post(lan_pin)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .route(
            "/api/lan_mode",
            post(lan_mode)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .route(
            "/api/lan_new_pin",
            post(lan_new_pin)
                .layer(axum::extract::DefaultBodyLimit::max(MAX_SMALL_BODY))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    small_body_only,
                )),
        )
        .fallback(static_file)
        .with_state(state)
        .layer(axum::middleware::map_response(security_headers))
}

/// 413 when a request announces a body over `max`, before a byte of it is read.
fn too_large(headers: &HeaderMap, max: usize) -> Option<Response> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())?;
    (announced > max as u64).then(|| {
        let e = ApiError::new(
            ErrorCode::InvalidArgument,
            format!(
                "Permintaan terlalu besar ({} KB; paling banyak {} KB).",
                announced.div_ceil(1024),
                max.div_ceil(1024)
            ),
        );
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(json!({ "error": e })),
        )
            .into_response()
    })
}

/// Refuses a body announced over [`MAX_SMALL_BODY`] before reading it (a longer one sent
/// without announcing its length stops at the limit all the same), and one that does not
/// arrive within the body timeout.
async fn small_body_only(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(refused) = too_large(req.headers(), MAX_SMALL_BODY) {
        return refused;
    }
    match read_body_within(req, MAX_SMALL_BODY, state.body_timeout).await {
        Ok(req) => next.run(req).await,
        Err(refused) => refused,
    }
}

/// Reads a small body of at most `max` bytes within `within`, so that a caller who is
/// not the organizer cannot hold a connection by sending it byte by byte.
async fn read_body_within(
    req: axum::extract::Request,
    max: usize,
    within: Duration,
) -> Result<axum::extract::Request, Response> {
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(within, axum::body::to_bytes(body, max)).await {
        Ok(Ok(bytes)) => Ok(axum::extract::Request::from_parts(parts, Body::from(bytes))),
        Ok(Err(_)) => Err(error_with(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Permintaan terlalu besar atau terputus (paling banyak {} KB).",
                max.div_ceil(1024)
            ),
        )),
        Err(_) => Err(error_with(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "Permintaan tidak terkirim lengkap dalam {} detik; periksa jaringan lalu coba lagi.",
                within.as_secs()
            ),
        )),
    }
}

fn error_with(status: StatusCode, message: String) -> Response {
    let e = ApiError::new(ErrorCode::InvalidArgument, message);
    (status, axum::Json(json!({ "error": e }))).into_response()
}

/// Before `/api/{command}` reads its body: the request checks (content type, origin,
/// host) and the caller from the token. An unknown caller in LAN mode is answered 401
/// without reading what it sends, a desk may send only small bodies, and the caller
/// goes on to the handler in the request's extensions.
async fn authenticate(
    State(state): State<AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Err(e) = check_request(req.headers(), is_lan(&state)) {
        return error_response(&e);
    }
    let caller = match caller_of(&state, req.headers()).await {
        Ok(c) => c,
        Err(e) => return error_response(&e),
    };
    let max = if caller.role == Role::Admin {
        MAX_BODY
    } else {
        MAX_DESK_BODY
    };
    if let Some(refused) = too_large(req.headers(), max) {
        return refused;
    }
    req.extensions_mut().insert(caller.clone());
    if caller.role != Role::Admin {
        req = match read_body_within(req, max, state.body_timeout).await {
            Ok(r) => r,
            Err(refused) => return refused,
        };
    }
    next.run(req).await
}

/// Serves on `listener` (loopback) until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    api: Arc<Api>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, api, Arc::new(Access::Local), shutdown).await
}

/// Serves on `listener` with the given access rules until `shutdown` resolves.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    api: Arc<Api>,
    access: Arc<Access>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_limited(listener, api, access, Limits::default(), shutdown).await
}

/// What one listener grants its connections, so that idle or slow clients cannot take
/// the server from everyone else (once, 1,100 idle connections locked every desk and the
/// organizer out).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time a client has to send a request's head (method, path, headers: a few hundred
    /// bytes the browser sends at once), counted from the moment the server waits for one:
    /// so it is also how long a kept-alive connection may sit idle before it is closed.
    pub header_timeout: Duration,
    /// Time a caller who is not the organizer (pairing, a desk) has to send its small body.
    pub body_timeout: Duration,
    /// Connections at once from other computers, all addresses together. Connections from
    /// this computer itself (the organizer's browser) have a pool of the same size of their
    /// own, so a flood from the network never takes the host's seat.
    pub max_connections: usize,
    /// Connections at once from one other address (a browser opens at most six).
    pub max_per_address: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(60),
            max_connections: 512,
            max_per_address: 32,
        }
    }
}

/// Connections held per client address; a seat is given back when its guard drops.
type Seats = Arc<std::sync::Mutex<HashMap<IpAddr, usize>>>;

struct Seat {
    seats: Seats,
    ip: IpAddr,
}

impl Seat {
    fn take(seats: &Seats, ip: IpAddr, max: usize) -> Option<Seat> {
        let mut all = seats.lock().unwrap_or_else(|p| p.into_inner());
        let n = all.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Seat {
            seats: seats.clone(),
            ip,
        })
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut all = self.seats.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = all.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                all.remove(&self.ip);
            }
        }
    }
}

/// Serves on `listener` with the given access rules and [`Limits`] until `shutdown`
/// resolves, then lets the requests in flight finish. A connection over a cap is closed
/// as soon as it is accepted (it would otherwise wait in the backlog ahead of real
/// callers); one that sends no complete request head within the timeout is closed.
pub async fn serve_limited(
    listener: tokio::net::TcpListener,
    api: Arc<Api>,
    access: Arc<Access>,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router_limited(api, access, limits.body_timeout);
    let from_network = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let from_host = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let seats: Seats = Default::default();
    let (close_tx, close_rx) = tokio::sync::watch::channel(());
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let http = Arc::new(http);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of sockets or file handles, or a client that gave up during the
                // handshake: wait a little instead of spinning, never stop serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // This computer's own connections (peer and local address alike: loopback, or
        // its LAN address) do not count against the network's caps.
        let own = stream.local_addr().is_ok_and(|l| l.ip() == peer.ip());
        let pool = if own { &from_host } else { &from_network };
        let Ok(permit) = pool.clone().try_acquire_owned() else {
            continue;
        };
        let seat = if own {
            None
        } else {
            match Seat::take(&seats, peer.ip(), limits.max_per_address) {
                Some(s) => Some(s),
                None => continue,
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let http = http.clone();
        let mut close_rx = close_rx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                let mut router = router.clone();
                async move { router.call(req.map(Body::new)).await }
            });
            let conn = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = close_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
            drop((permit, seat, close_rx));
        });
    }
    drop(listener);
    drop(close_rx);
    let _ = close_tx.send(());
    close_tx.closed().await;
    Ok(())
}

/// Whether an address may be bound without LAN mode: loopback only.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(json!({ "error": e }))).into_response()
}

/// Refuses requests that a foreign web page could make: a JSON content type is required
/// (it forces a CORS preflight, which this server never grants), an `Origin`, when sent,
/// must be this server's own, and the `Host` must be an IP address or `localhost` (a
/// loopback one unless `lan`), which stops DNS rebinding.
fn check_request(headers: &HeaderMap, lan: bool) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        return Err(ApiError::new(
            ErrorCode::InvalidArgument,
            "Permintaan harus berformat JSON (Content-Type: application/json).",
        ));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !lan::host_allowed(host, lan) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Permintaan ditolak: buka Bintek dengan alamat IP-nya (misalnya http://192.168.1.5:7878/), bukan nama domain.",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .is_some_and(|(scheme, rest)| (scheme == "http" || scheme == "https") && rest == host);
        if !ok {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "Permintaan dari halaman web lain ditolak.",
            ));
        }
    }
    Ok(())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The caller of a request, or why it may not call: on loopback the organizer; in LAN
/// mode the admin token is the organizer and a desk token the desk, while the organizer
/// has desk mode on.
async fn caller_of(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let caller = identify(state, headers).await?;
    if let Access::Lan(lan) = state.access.as_ref() {
        if caller.role == Role::Desk && !lan.desks_on() {
            return Err(desks_off());
        }
    }
    Ok(caller)
}

fn desks_off() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "Mode meja registrasi sedang dimatikan oleh panitia. Tunggu sampai dinyalakan lagi; \
         meja ini tidak perlu dipasang ulang.",
    )
}

/// Who sends a request (see [`caller_of`]), whether or not desk mode is on.
async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let lan = match state.access.as_ref() {
        // On loopback every caller is the organizer, except a participants' page that
        // signed in (a participant's token names the participant on any server).
        Access::Local => {
            let Some(token) = bearer(headers).map(str::to_string) else {
                return Ok(Caller::admin("http"));
            };
            let api = state.api.get()?;
            let found = tokio::task::spawn_blocking(move || api.participant_for_token(&token))
                .await
                .map_err(|e| {
                    ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}"))
                })??;
            return Ok(found.unwrap_or_else(|| Caller::admin("http")));
        }
        Access::Lan(lan) => lan,
    };
    let unauthorized = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "Meja ini belum terpasang atau aksesnya sudah dicabut: masukkan PIN dari panitia.",
        )
    };
    let token = bearer(headers).ok_or_else(unauthorized)?.to_string();
    if lan.is_admin_token(&token) {
        return Ok(Caller::admin("lan-admin"));
    }
    let api = state.api.get()?;
    let found = tokio::task::spawn_blocking(move || match api.desk_for_token(&token)? {
        Some(desk) => Ok(Some(desk)),
        None => api.participant_for_token(&token),
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))??;
    found.ok_or_else(unauthorized)
}

/// Parses a JSON body; an empty body is `null`.
fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidArgument,
            format!("Badan permintaan bukan JSON yang valid: {e}"),
        )
    })
}

fn is_lan(state: &AppState) -> bool {
    matches!(state.access.as_ref(), Access::Lan(_))
}

async fn api_call(
    State(state): State<AppState>,
    Path(command): Path<String>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Bytes,
) -> Response {
    let args = match json_body(&body) {
        Ok(v) => v,
        Err(e) => return error_response(&e),
    };
    let api = match state.api.get() {
        Ok(api) => api,
        Err(e) => return error_response(&e),
    };
    let result = tokio::task::spawn_blocking(move || dispatch(&api, &caller, &command, args)).await;
    match result {
        Ok(Ok(value)) => axum::Json(value).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&ApiError::new(
            ErrorCode::Internal,
            format!("Kesalahan internal: {e}"),
        )),
    }
}

/// `POST /api/backup_restore {"backup"} | {"file_name","data"}`: restores a backup of the
/// list or an uploaded one (checked by `backup::restore`). The organizer only.
async fn backup_restore(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Bytes,
) -> Response {
    if caller.role != Role::Admin {
        return error_response(&ApiError::new(
            ErrorCode::Forbidden,
            "Pemulihan cadangan hanya untuk panitia (admin), tidak untuk meja registrasi.",
        ));
    }
    let args: bintek_core::backup::RestoreArgs =
        match json_body(&body).and_then(bintek_core::wire::decode) {
            Ok(a) => a,
            Err(e) => return error_response(&e),
        };
    let slot = state.api.clone();
    match tokio::task::spawn_blocking(move || slot.restore(&args)).await {
        Ok(Ok(report)) => axum::Json(report).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&ApiError::new(
            ErrorCode::Internal,
            format!("Kesalahan internal: {e}"),
        )),
    }
}

/// `POST /api/material_file {"material_id"}`: a material's bytes as an attachment, not
/// base64 in JSON (a phone on a slow hotspot downloads a third less). A participant gets
/// only their own event's, once its session has started, and each download is counted
/// (`Api::material_download`); the organizer gets any; a desk none.
async fn material_file(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Bytes,
) -> Response {
    let args: bintek_core::materials::MaterialIdArgs =
        match json_body(&body).and_then(bintek_core::wire::decode) {
            Ok(a) => a,
            Err(e) => return error_response(&e),
        };
    let api = match state.api.get() {
        Ok(api) => api,
        Err(e) => return error_response(&e),
    };
    let result =
        tokio::task::spawn_blocking(move || api.material_download(&caller, &args.material_id))
            .await;
    match result {
        Ok(Ok(file)) => (
            [
                (header::CONTENT_TYPE, file.content_type.to_string()),
                (header::CONTENT_DISPOSITION, attachment(&file.file_name)),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            file.data,
        )
            .into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&ApiError::new(
            ErrorCode::Internal,
            format!("Kesalahan internal: {e}"),
        )),
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII name for old browsers and
/// the real one, percent-encoded (RFC 6266).
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `POST /api/whoami`: the mode and who the caller is, so the UI knows whether to ask
/// for the PIN. Never 401.
async fn whoami(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = check_request(&headers, is_lan(&state)) {
        return error_response(&e);
    }
    let mode = if is_lan(&state) {
        routes::Mode::Lan
    } else {
        routes::Mode::Local
    };
    // A paired desk stays a desk while desk mode is off: its calls say why they fail.
    match identify(&state, &headers).await {
        Ok(c) => axum::Json(routes::WhoAmI {
            mode,
            role: Some(c.role),
            desk: (c.role == Role::Desk).then_some(c.actor),
        })
        .into_response(),
        Err(e) if e.code == ErrorCode::Unauthorized => axum::Json(routes::WhoAmI {
            mode,
            role: None,
            desk: None,
        })
        .into_response(),
        Err(e) => error_response(&e),
    }
}

/// The desk-mode secrets, when the caller of this request is the organizer.
async fn organizer_lan<'a>(state: &'a AppState, headers: &HeaderMap) -> Result<&'a Lan, ApiError> {
    let lan = match state.access.as_ref() {
        Access::Lan(lan) => lan,
        Access::Local => {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "Mode meja registrasi belum aktif di komputer panitia.",
            ))
        }
    };
    check_request(headers, true)?;
    let caller = caller_of(state, headers).await?;
    if caller.role != Role::Admin {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Hanya panitia yang dapat melihat atau mengganti PIN pemasangan meja.",
        ));
    }
    Ok(lan)
}

/// `POST /api/lan_pin` → `{"pin"}`: the pairing PIN, for the organizer's screen.
async fn lan_pin(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match organizer_lan(&state, &headers).await {
        Ok(lan) => axum::Json(routes::Pin { pin: lan.pin() }).into_response(),
        Err(e) => error_response(&e),
    }
}

/// `POST /api/lan_mode {"on"}` → `{"on","pin"}`: turns desk mode off (no desk pairs or
/// calls) or on again, for the organizer in a browser on `bintek serve --lan`.
async fn lan_mode(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let lan = match organizer_lan(&state, &headers).await {
        Ok(lan) => lan,
        Err(e) => return error_response(&e),
    };
    let args: routes::LanModeArgs = match json_body(&body).and_then(bintek_core::wire::decode) {
        Ok(a) => a,
        Err(e) => return error_response(&e),
    };
    if let Some(on) = args.on {
        lan.set_desks_on(on);
    }
    axum::Json(routes::LanMode {
        on: lan.desks_on(),
        pin: lan.pin(),
    })
    .into_response()
}

/// `POST /api/lan_new_pin` → `{"pin"}`: a new pairing PIN; the old one stops working,
/// paired desks keep theirs, lockouts are lifted.
async fn lan_new_pin(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match organizer_lan(&state, &headers).await {
        Ok(lan) => axum::Json(routes::Pin { pin: lan.new_pin() }).into_response(),
        Err(e) => error_response(&e),
    }
}

/// `POST /api/pair {"pin","desk"}` → `{"token","desk"}`: pairs a desk in LAN mode.
async fn pair(
    State(state): State<AppState>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lan = match state.access.as_ref() {
        Access::Lan(lan) => lan,
        Access::Local => {
            return error_response(&ApiError::new(
                ErrorCode::Forbidden,
                "Mode meja registrasi belum aktif di komputer panitia.",
            ))
        }
    };
    if let Err(e) = check_request(&headers, true) {
        return error_response(&e);
    }
    if !lan.desks_on() {
        return error_response(&desks_off());
    }
    let routes::PairArgs { pin, desk } = match json_body(&body).and_then(bintek_core::wire::decode)
    {
        Ok(args) => args,
        Err(e) => return error_response(&e),
    };
    // Wrong PINs count per client address (a router served without connect info, as in
    // tests, counts them all as one).
    let from = extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    match lan.check_pin(&pin, from) {
        lan::PinCheck::Ok => {}
        lan::PinCheck::Wrong { left } => {
            return error_response(
                &ApiError::field(
                    "pin",
                    format!("PIN salah. Sisa {left} percobaan sebelum pemasangan dikunci."),
                )
                .with_code(ErrorCode::Unauthorized),
            )
        }
        lan::PinCheck::Locked { wait } => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return error_response(
                &ApiError::field(
                    "pin",
                    format!(
                        "Terlalu banyak PIN salah. Pemasangan meja dikunci; coba lagi dalam {minutes} menit."
                    ),
                )
                .with_code(ErrorCode::TooManyAttempts),
            );
        }
    }
    let api = match state.api.get() {
        Ok(api) => api,
        Err(e) => return error_response(&e),
    };
    match tokio::task::spawn_blocking(move || api.desk_pair(&desk)).await {
        Ok(Ok((desk, token))) => axum::Json(routes::Paired { token, desk }).into_response(),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&ApiError::new(
            ErrorCode::Internal,
            format!("Kesalahan internal: {e}"),
        )),
    }
}

/// The address of the sender of a request (a router served without connect info, as in
/// tests, counts every sender as one).
fn client_ip(extensions: &axum::http::Extensions) -> IpAddr {
    extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// `POST /api/participant_login {"code"}` → `{"token","name"}`: a participant signs in
/// on the participants' page with the check-in code of their badge. Wrong codes count
/// against the address and the network ([`limit::CodeLimiter`]).
async fn participant_login(
    State(state): State<AppState>,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(e) = check_request(&headers, is_lan(&state)) {
        return error_response(&e);
    }
    let routes::ParticipantLoginArgs { code } =
        match json_body(&body).and_then(bintek_core::wire::decode) {
            Ok(args) => args,
            Err(e) => return error_response(&e),
        };
    let from = client_ip(&extensions);
    let locked = |wait: Duration, whose: &str| {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        error_response(
            &ApiError::field(
                "code",
                format!(
                    "Terlalu banyak kode salah {whose}. Coba lagi dalam {minutes} menit, atau minta \
                     bantuan di meja registrasi."
                ),
            )
            .with_code(ErrorCode::TooManyAttempts),
        )
    };
    match state.codes.check(from, std::time::Instant::now()) {
        limit::Attempt::Allowed => {}
        limit::Attempt::Locked { wait } => return locked(wait, "dari ponsel ini"),
        limit::Attempt::NetworkLocked { wait } => return locked(wait, "di jaringan ini"),
    }
    let api = match state.api.get() {
        Ok(api) => api,
        Err(e) => return error_response(&e),
    };
    match tokio::task::spawn_blocking(move || api.participant_login(&code)).await {
        Ok(Ok(login)) => axum::Json(login).into_response(),
        Ok(Err(bintek_core::portal::LoginRefused::Unknown(mut e))) => {
            let left = state.codes.wrong(from, std::time::Instant::now());
            if left == 0 {
                return locked(limit::CODE_LOCKOUT, "dari ponsel ini");
            }
            if left <= 3 {
                e.message = format!("{} Sisa {left} percobaan.", e.message);
                for f in &mut e.errors {
                    f.message = format!("{} Sisa {left} percobaan.", f.message);
                }
            }
            error_response(&e)
        }
        Ok(Err(refused)) => error_response(&refused.error()),
        Err(e) => error_response(&ApiError::new(
            ErrorCode::Internal,
            format!("Kesalahan internal: {e}"),
        )),
    }
}

/// `POST /api/participant_link` → `{"url","qr_svg"}`: where phones on this network open
/// the participants' page, for the organizer's screen. `url` is null on a server that
/// serves this computer only.
async fn participant_link(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = check_request(&headers, is_lan(&state)) {
        return error_response(&e);
    }
    match caller_of(&state, &headers).await {
        Ok(c) if c.role == Role::Admin => {}
        Ok(_) => {
            return error_response(&ApiError::new(
                ErrorCode::Forbidden,
                "Alamat halaman peserta hanya untuk panitia.",
            ))
        }
        Err(e) => return error_response(&e),
    }
    let url = match state.access.as_ref() {
        Access::Local => None,
        Access::Lan(_) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let port = host
                .rsplit_once(':')
                .and_then(|(_, p)| p.parse::<u16>().ok())
                .unwrap_or(80);
            lan::lan_ip().map(|ip| participant_url(ip, port))
        }
    };
    axum::Json(routes::ParticipantLink {
        qr_svg: url.as_deref().map(bintek_docs::qr::svg),
        url,
    })
    .into_response()
}

/// The participants' page of a server reached at `ip:port`.
pub fn participant_url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/p/"),
        IpAddr::V4(v4) => format!("http://{v4}:{port}/p/"),
    }
}

async fn static_file(method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return error_response(&ApiError::new(
            ErrorCode::UnknownCommand,
            "Gunakan POST untuk memanggil /api/{perintah}.",
        ));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(resp) = asset(path) {
        return resp;
    }
    // A page of its own in a folder (`/p/`, the participants' page); `/p` goes there
    // too, so that its relative asset paths resolve.
    if let Some(dir) = path.strip_suffix('/') {
        if let Some(resp) = asset(&format!("{dir}/index.html")) {
            return resp;
        }
    } else if !path.contains('.') && Assets::get(&format!("{path}/index.html")).is_some() {
        return Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, format!("/{path}/"))
            .body(Body::empty())
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
    }
    // Client-side routes fall back to the app; missing files stay 404.
    let last = path.rsplit('/').next().unwrap_or("");
    if !last.contains('.') {
        if let Some(resp) = asset("index.html") {
            return resp;
        }
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Antarmuka Bintek belum dibangun. Jalankan `npm run build` di folder proyek.",
        )
            .into_response();
    }
    StatusCode::NOT_FOUND.into_response()
}

fn asset(path: &str) -> Option<Response> {
    let file = Assets::get(path)?;
    let mime = file.metadata.mimetype().to_string();
    // Hashed build files never change; index.html must always be fresh.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Some(
        Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header(header::CACHE_CONTROL, cache)
            .body(Body::from(file.data.into_owned()))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    )
}
