//! bintek-desktop: the Tauri window. One command, `api`, forwards to the same command
//! table as the HTTP server and the CLI; no business logic lives here.
//!
//! Database location: `--db PATH`, else `$BINTEK_DB`, else `bintek.db` in the per-user app
//! data dir. `--demo` seeds the demo event when the database has no events yet.

use std::path::PathBuf;
use std::sync::Arc;

use bintek_core::{dispatch, paths, Api, ApiError, Caller, ErrorCode};
use serde_json::Value;
use tauri::Manager;

/// The opened Api, or why it could not be opened (shown by the UI on every call).
struct Backend(Result<Arc<Api>, ApiError>);

#[tauri::command]
async fn api(
    backend: tauri::State<'_, Backend>,
    name: String,
    args: Value,
) -> Result<Value, ApiError> {
    let api = backend.0.clone()?;
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
    file_name: String,
    data: String,
) -> Result<String, ApiError> {
    // Downloads as the system names it, else ~/Downloads (a desktop without XDG dirs).
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir().map(|h| h.join("Downloads")))
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("Folder Unduhan tidak ditemukan: {e}"),
            )
        })?;
    tauri::async_runtime::spawn_blocking(move || {
        bintek_core::files::save_base64_unique(&dir, &file_name, &data)
            .map(|p| p.display().to_string())
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Kesalahan internal: {e}")))?
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
    Ok(Arc::new(api))
}

pub fn run() {
    let opts = options();
    tauri::Builder::default()
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
            app.manage(Backend(backend));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api, save_download])
        .run(tauri::generate_context!())
        .expect("error while running the Bintek window");
}
