//! bintek-desktop: the Tauri window. One command, `api`, forwards to the same command
//! table as the HTTP server and the CLI; no business logic lives here.
//!
//! A second command, `lan_mode`, turns registration-desk mode on and off: the embedded
//! HTTP server (bintek-server) on the local network with a pairing PIN.
//!
//! Database location: `--db PATH`, else `$BINTEK_DB`, else `bintek.db` in the per-user app
//! data dir. `--demo` seeds the demo event when the database has no events yet.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use bintek_core::{dispatch, paths, Api, ApiError, Caller, ErrorCode};

pub mod desktop;
use serde_json::Value;
use tauri::Manager;

#[cfg(windows)]
mod webview2;

/// The opened Api, or why it could not be opened (shown by the UI on every call). It is
/// swapped out while a backup is restored.
struct Backend {
    path: PathBuf,
    api: RwLock<Result<Arc<Api>, ApiError>>,
}

impl Backend {
    fn get(&self) -> Result<Arc<Api>, ApiError> {
        self.api.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[tauri::command]
async fn api(
    backend: tauri::State<'_, Backend>,
    name: String,
    args: Value,
) -> Result<Value, ApiError> {
    let api = backend.get()?;
    tauri::async_runtime::spawn_blocking(move || {
        dispatch(&api, &Caller::admin("desktop"), &name, args)
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))?
}

/// Writes an export (XLSX, CSV, PDF) into the user's Downloads folder under a name that
/// does not overwrite anything, and returns the full path. The UI shows it to the user.
#[tauri::command]
async fn save_download(
    app: tauri::AppHandle,
    args: desktop::SaveDownloadArgs,
) -> Result<String, ApiError> {
    let desktop::SaveDownloadArgs { file_name, data } = args;
    let dir = downloads(&app)?;
    tauri::async_runtime::spawn_blocking(move || {
        bintek_core::files::save_base64_unique(&dir, &file_name, &data)
            .map(|p| p.display().to_string())
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))?
}

/// Downloads as the system names it, else ~/Downloads (a desktop without XDG dirs).
fn downloads(app: &tauri::AppHandle) -> Result<PathBuf, ApiError> {
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("Folder Unduhan tidak ditemukan: {e}"),
            )
        })
}

/// Starts printing one PDF per person into a new folder in the user's Downloads (a
/// browser gets a ZIP instead, through the Api). Progress, cancel and the result go
/// through the `api` command (`certificate_job` …), like any print job.
#[tauri::command]
async fn print_certificates_folder(
    app: tauri::AppHandle,
    backend: tauri::State<'_, Backend>,
    args: desktop::PrintFolderArgs,
) -> Result<bintek_core::certificate_print::JobStatus, ApiError> {
    let desktop::PrintFolderArgs { event_id, role } = args;
    let dir = downloads(&app)?;
    let api = backend.get()?;
    tauri::async_runtime::spawn_blocking(move || {
        bintek_core::run::<bintek_core::commands::CertificatePrintStart>(
            &api,
            &Caller::admin("desktop"),
            bintek_core::certificate_print::PrintArgs {
                event_id,
                role,
                per_person: true,
                folder_in: Some(dir),
                into_folder: None,
            },
        )
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))?
}

/// The running desk-mode server, if it is on.
#[derive(Default)]
struct LanHost(Mutex<Option<Running>>);

struct Running {
    url: String,
    /// The server's access rules, which hold the PIN (the organizer may renew it).
    access: Arc<bintek_server::Access>,
    stop: tokio::sync::oneshot::Sender<()>,
}

impl Running {
    fn lan(&self) -> Option<&bintek_server::Lan> {
        match self.access.as_ref() {
            bintek_server::Access::Lan(l) => Some(l),
            bintek_server::Access::Local => None,
        }
    }
}

/// The port desk mode listens on (another free port when it is taken).
const LAN_PORT: u16 = 7878;

use desktop::LanStatus;

fn status_of(running: Option<&Running>) -> LanStatus {
    match running {
        Some(r) => {
            let participants = format!("{}p/", r.url);
            LanStatus {
                on: true,
                url: Some(r.url.clone()),
                pin: r.lan().map(|l| l.pin()),
                qr_svg: Some(bintek_docs::qr::svg(&r.url)),
                participant_qr_svg: Some(bintek_docs::qr::svg(&participants)),
                participant_url: Some(participants),
            }
        }
        None => LanStatus {
            on: false,
            url: None,
            pin: None,
            qr_svg: None,
            participant_url: None,
            participant_qr_svg: None,
        },
    }
}

/// `action`: `status`, `start`, `stop` or `new_pin` (a new pairing PIN: the old one stops
/// working, paired desks keep theirs). Starting twice or stopping twice is harmless.
#[tauri::command]
async fn lan_mode(
    backend: tauri::State<'_, Backend>,
    host: tauri::State<'_, LanHost>,
    args: desktop::LanModeArgs,
) -> Result<LanStatus, ApiError> {
    match args.action {
        desktop::LanAction::Status => {}
        desktop::LanAction::NewPin => {
            let guard = host.0.lock().unwrap_or_else(|p| p.into_inner());
            match guard.as_ref().and_then(Running::lan) {
                Some(lan) => {
                    lan.new_pin();
                }
                None => {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        "Mode meja registrasi belum menyala; nyalakan dulu untuk mendapat PIN.",
                    ))
                }
            }
        }
        desktop::LanAction::Stop => {
            let running = host.0.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(r) = running {
                let _ = r.stop.send(());
            }
        }
        desktop::LanAction::Start => {
            if host.0.lock().unwrap_or_else(|p| p.into_inner()).is_none() {
                let api = backend.get()?;
                let lan = bintek_server::Lan::new(None)
                    .map_err(|m| ApiError::new(ErrorCode::Internal, m))?;
                let listener = match tokio::net::TcpListener::bind(("0.0.0.0", LAN_PORT)).await {
                    Ok(l) => l,
                    Err(_) => tokio::net::TcpListener::bind(("0.0.0.0", 0))
                        .await
                        .map_err(|e| {
                            ApiError::new(
                                ErrorCode::Internal,
                                format!("Mode meja registrasi tidak dapat dinyalakan: {e}"),
                            )
                        })?,
                };
                let port = listener.local_addr().map(|a| a.port()).unwrap_or(LAN_PORT);
                let ip = bintek_server::lan::lan_ip().ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::Conflict,
                        "Komputer ini belum tersambung ke jaringan (Wi-Fi atau kabel LAN). \
                         Sambungkan dulu, lalu nyalakan lagi mode meja registrasi.",
                    )
                })?;
                let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
                let access = Arc::new(bintek_server::Access::Lan(lan));
                tauri::async_runtime::spawn(bintek_server::serve_with(
                    listener,
                    api,
                    access.clone(),
                    async {
                        let _ = stopped.await;
                    },
                ));
                let mut guard = host.0.lock().unwrap_or_else(|p| p.into_inner());
                *guard = Some(Running {
                    url: format!("http://{ip}:{port}/"),
                    access,
                    stop,
                });
            }
        }
    }
    let guard = host.0.lock().unwrap_or_else(|p| p.into_inner());
    Ok(status_of(guard.as_ref()))
}

/// Restores the database from a backup file: desk mode stops, the Api is closed once the
/// calls in flight are done, `bintek_core::backup::restore` checks the file and keeps
/// the current database as a "before-restore" backup, and the database is opened again.
/// The UI reloads afterwards.
#[tauri::command]
async fn restore_backup(
    backend: tauri::State<'_, Backend>,
    host: tauri::State<'_, LanHost>,
    args: desktop::RestoreBackupArgs,
) -> Result<bintek_core::backup::RestoreReport, ApiError> {
    let desktop::RestoreBackupArgs { file } = args;
    if let Some(r) = host.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
        let _ = r.stop.send(());
    }
    let busy = || {
        ApiError::new(
            ErrorCode::Conflict,
            "Basis data sedang dipulihkan dari cadangan; tunggu sebentar.",
        )
    };
    let old = std::mem::replace(
        &mut *backend.api.write().unwrap_or_else(|p| p.into_inner()),
        Err(busy()),
    );
    let path = backend.path.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        if let Ok(api) = old {
            // Calls in flight hold their own reference; wait for them (at most 30 s).
            let until = Instant::now() + Duration::from_secs(30);
            while Arc::strong_count(&api) > 1 && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
            drop(api);
        }
        let report = bintek_core::backup::restore(&path, std::path::Path::new(&file));
        (report, open_backend(path, false))
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))?;
    let (report, reopened) = result;
    *backend.api.write().unwrap_or_else(|p| p.into_inner()) = reopened;
    report
}

struct Options {
    db: Option<PathBuf>,
    demo: bool,
}

fn options() -> Options {
    let mut opts = Options {
        db: None,
        demo: false,
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--db") => opts.db = args.next().map(PathBuf::from),
            Some("--demo") => opts.demo = true,
            Some(s) if s.starts_with("--db=") => opts.db = Some(PathBuf::from(&s[5..])),
            _ => {}
        }
    }
    if opts.db.is_none() {
        opts.db = std::env::var_os(paths::DB_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
    }
    opts
}

fn open_backend(path: PathBuf, demo: bool) -> Result<Arc<Api>, ApiError> {
    let api = Api::open(&path)?;
    if demo {
        let empty = dispatch(
            &api,
            &Caller::admin("desktop"),
            "event_list",
            serde_json::json!({"include_archived": true}),
        )?
        .as_array()
        .is_some_and(Vec::is_empty);
        if empty {
            bintek_core::demo::seed(&api)?;
        }
    }
    // A checked backup of the database as it was at start, in the background.
    api.backup_on_start();
    Ok(Arc::new(api))
}

pub fn run() {
    // First of all: without WebView2, Tauri would show an English error and hang. (Before
    // the builder too: under Wine, whose uxtheme lacks what tao's dark-mode set-up calls,
    // the event loop would crash before any message.)
    #[cfg(windows)]
    if webview2::version().is_none() {
        webview2::tell_missing();
        std::process::exit(1);
    }
    let opts = options();
    let builder = tauri::Builder::default();
    // Windows: a second launch (a double click on the shortcut while Bintek is open) hands
    // over to the first and exits, so one database is never opened by two windows.
    #[cfg(windows)]
    let builder = builder.plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    }));
    builder
        .setup(move |app| {
            let path = match opts.db.clone() {
                Some(p) => p,
                None => app.path().app_data_dir()?.join(paths::DB_FILE_NAME),
            };
            let backend = open_backend(path.clone(), opts.demo);
            if let Err(e) = &backend {
                eprintln!(
                    "Basis data {} tidak dapat dibuka: {}",
                    path.display(),
                    e.message
                );
            }
            app.manage(Backend {
                path,
                api: RwLock::new(backend),
            });
            app.manage(LanHost::default());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            api,
            save_download,
            lan_mode,
            restore_backup,
            print_certificates_folder
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Bintek window");
}
