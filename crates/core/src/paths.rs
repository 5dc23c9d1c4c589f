//! Where the database lives by default. The desktop app and the CLI must agree, so both
//! use this (the desktop asks Tauri's `app_data_dir`, which is the same folder).

use std::path::PathBuf;

/// The app identifier, also `identifier` in `tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "id.bintek.desktop";
/// Environment variable that overrides the database path (tests, portable installs).
pub const DB_ENV: &str = "BINTEK_DB";
pub const DB_FILE_NAME: &str = "bintek.db";

/// `%APPDATA%\id.bintek.desktop\bintek.db` on Windows,
/// `~/.local/share/id.bintek.desktop/bintek.db` on Linux.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join(DB_FILE_NAME)
}

/// `BINTEK_DB` when set and not empty, else the default.
pub fn db_path_from_env() -> PathBuf {
    match std::env::var_os(DB_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => default_db_path(),
    }
}
