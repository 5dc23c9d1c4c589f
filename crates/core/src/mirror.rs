//! The second backup folder: a USB stick or another drive chosen by the organizer. Every
//! backup into the backups folder (start, periodic, migration, manual) is also copied
//! there: into a temporary name, checked (`integrity_check`, `foreign_key_check`), then
//! renamed, and rotated like the first folder. A copy that fails (the stick was pulled
//! out) never fails the backup: it is reported in the backup's answer, `app_info` and
//! `db_check`.
//!
//! The setting is a property of this PC, not of the data, so it lives in a small file
//! beside the database (`<db name>-settings.json`), not inside it: a restored backup or a
//! package from another PC never points at that PC's drive letters.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller, NoArgs};
use crate::backup::{self, Reason};
use crate::error::{ApiError, ErrorCode};

/// The settings file is a few hundred bytes; a larger one is not read.
const MAX_SETTINGS: u64 = 64 * 1024;
/// The longest folder path accepted.
const MAX_PATH_CHARS: usize = 1000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
struct Settings {
    #[serde(default)]
    second_folder: Option<String>,
}

/// The copy of one backup into the second folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SecondCopy {
    pub folder: String,
    /// Full path of the copy, when it was made.
    pub file: Option<String>,
    pub ok: bool,
    /// Why it failed, in Bahasa Indonesia.
    pub error: Option<String>,
}

/// Command `backup_settings_get`/`_set`'s answer.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct BackupSettings {
    pub second_folder: Option<String>,
    /// The last copy into it made by this program, if any.
    pub last_copy: Option<SecondCopy>,
    /// What needs attention (the folder is missing, the last copy failed).
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct BackupSettingsArgs {
    /// An absolute path of an existing, writable folder; empty or null turns it off.
    #[serde(default)]
    pub second_folder: Option<String>,
}

/// The settings file of the database at `db_path`.
pub fn settings_path(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(format!("{}-settings.json", backup::db_stem(db_path)))
}

fn load(db_path: &Path) -> Settings {
    let path = settings_path(db_path);
    let small = std::fs::metadata(&path).is_ok_and(|m| m.len() <= MAX_SETTINGS);
    if !small {
        return Settings::default();
    }
    std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn save(db_path: &Path, settings: &Settings) -> Result<(), ApiError> {
    let path = settings_path(db_path);
    let fail = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Pengaturan tidak dapat disimpan di {}: {e}", path.display()),
        )
    };
    let bytes = serde_json::to_vec_pretty(settings)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    let tmp = backup::partial_path(&path);
    std::fs::write(&tmp, bytes).map_err(fail)?;
    backup::sync_file(&tmp)?;
    backup::place(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}

/// The outcome of the last copy per database, for warnings (this process only).
static LAST: Mutex<Vec<(PathBuf, SecondCopy)>> = Mutex::new(Vec::new());

fn record(db_path: &Path, copy: &SecondCopy) {
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    last.retain(|(p, _)| p != db_path);
    last.push((db_path.to_path_buf(), copy.clone()));
}

fn last(db_path: &Path) -> Option<SecondCopy> {
    let last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    last.iter()
        .find(|(p, _)| p == db_path)
        .map(|(_, c)| c.clone())
}

fn missing_message(folder: &str) -> String {
    format!("Folder cadangan kedua {folder} tidak ditemukan (flashdisk atau drive dicabut?).")
}

/// After a backup into the backups folder: its copy into the second folder, when one is
/// set. Never an error: a failed copy is the answer's `ok: false`.
pub(crate) fn copy_after(db_path: &Path, backup_file: &Path, reason: Reason) -> Option<SecondCopy> {
    let folder = load(db_path).second_folder?;
    let out = match copy_checked(backup_file, Path::new(&folder)) {
        Ok(dest) => {
            backup::rotate_in(
                Path::new(&folder),
                &backup::db_stem(db_path),
                reason,
                backup::KEEP,
            );
            SecondCopy {
                folder,
                file: Some(dest.display().to_string()),
                ok: true,
                error: None,
            }
        }
        Err(error) => SecondCopy {
            folder,
            file: None,
            ok: false,
            error: Some(error),
        },
    };
    record(db_path, &out);
    Some(out)
}

/// Copies `src` into `folder` under its own name: a temporary name first, checked, then
/// renamed into place.
fn copy_checked(src: &Path, folder: &Path) -> Result<PathBuf, String> {
    if !folder.is_dir() {
        return Err(missing_message(&folder.display().to_string()));
    }
    let dest = folder.join(backup::file_name_of(src));
    let tmp = backup::partial_path(&dest);
    let made = (|| -> Result<(), String> {
        std::fs::copy(src, &tmp).map_err(|e| format!("salinan tidak dapat ditulis ({e})"))?;
        backup::sync_file(&tmp).map_err(|e| e.to_string())?;
        let health = backup::verify(&tmp);
        for suffix in ["-wal", "-shm"] {
            let mut side = tmp.as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(side));
        }
        if !health.ok {
            return Err(format!(
                "salinan gagal diperiksa ({}) sehingga dihapus",
                health.summary()
            ));
        }
        backup::place(&tmp, &dest).map_err(|e| e.to_string())
    })();
    match made {
        Ok(()) => Ok(dest),
        Err(e) => {
            backup::remove_with_sidecars(&tmp);
            Err(format!(
                "Salinan ke folder cadangan kedua {} gagal: {e}.",
                folder.display()
            ))
        }
    }
}

/// What needs attention about the second folder: it is set but missing now, or the last
/// copy into it failed.
pub fn warning(db_path: &Path) -> Option<String> {
    let folder = load(db_path).second_folder?;
    let tail = format!(
        " Cadangan tetap dibuat di {}, tetapi tidak disalin ke sana. Pasang kembali \
         flashdisk atau drive itu, atau ubah foldernya di Pengaturan → Cadangan data.",
        backup::backups_dir(db_path).display()
    );
    if !Path::new(&folder).is_dir() {
        return Some(format!("{}{tail}", missing_message(&folder)));
    }
    match last(db_path) {
        Some(c) if !c.ok && c.folder == folder => Some(format!(
            "Folder cadangan kedua: {}{tail}",
            c.error.unwrap_or_default()
        )),
        _ => None,
    }
}

/// Checks a folder chosen as the second backup folder: an absolute path of an existing
/// folder this program can write into, not the backups folder itself.
fn check_folder(db_path: &Path, text: &str) -> Result<PathBuf, ApiError> {
    let bad = |m: String| ApiError::field("second_folder", m);
    if text.chars().count() > MAX_PATH_CHARS || crate::validate::has_control(text) {
        return Err(bad(format!(
            "Lokasi folder tidak valid (paling banyak {MAX_PATH_CHARS} karakter, tanpa karakter kendali)."
        )));
    }
    let path = PathBuf::from(text);
    if !path.is_absolute() {
        return Err(bad(format!(
            "Tulis lokasi folder lengkap, misalnya E:\\Cadangan Bintek (bukan \"{text}\")."
        )));
    }
    if !path.is_dir() {
        return Err(bad(format!(
            "Folder {text} tidak ditemukan. Pasang flashdisk atau drive-nya dan buat foldernya dulu."
        )));
    }
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(&path, &backup::backups_dir(db_path)) {
        return Err(bad(
            "Itu folder cadangan utama. Pilih folder di flashdisk atau drive lain.".to_string(),
        ));
    }
    let probe = path.join(format!(".bintek-uji-tulis-{}", std::process::id()));
    let writable = std::fs::write(&probe, b"bintek").is_ok();
    let _ = std::fs::remove_file(&probe);
    if !writable {
        return Err(bad(format!(
            "Bintek tidak dapat menulis di folder {text}. Pilih folder lain atau periksa izinnya."
        )));
    }
    Ok(path)
}

impl Api {
    /// Command `backup_settings_get`: the second backup folder and how its last copy went.
    pub(crate) fn backup_settings_get(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<BackupSettings, ApiError> {
        Ok(BackupSettings {
            second_folder: load(self.path()).second_folder,
            last_copy: last(self.path()),
            warning: warning(self.path()),
        })
    }

    /// Command `backup_settings_set`: sets (checked) or clears the second backup folder.
    pub(crate) fn backup_settings_set(
        &self,
        caller: &Caller,
        args: BackupSettingsArgs,
    ) -> Result<BackupSettings, ApiError> {
        let folder = args
            .second_folder
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty());
        let mut settings = load(self.path());
        settings.second_folder = match folder {
            Some(f) => Some(check_folder(self.path(), f)?.display().to_string()),
            None => None,
        };
        save(self.path(), &settings)?;
        self.backup_settings_get(caller, NoArgs {})
    }
}
