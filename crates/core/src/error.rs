//! Errors. `StoreError` is what the SQLite layer can fail with; `ApiError` is what every
//! front door (desktop, HTTP, CLI) shows to a person: a stable `code`, a message in Bahasa
//! Indonesia and, where one field is at fault, its name.

use serde::{Deserialize, Serialize};

/// Failures of the store: opening, migrating and querying the SQLite file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Basis data error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("Migrasi basis data gagal: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error(
        "Basis data ini dibuat oleh versi Bintek yang lebih baru (skema versi {db_version}, \
         aplikasi ini mengenal sampai versi {app_version}). Perbarui aplikasi Bintek sebelum \
         membuka basis data ini."
    )]
    TooNew { db_version: i64, app_version: i64 },
    #[error("Berkas basis data tidak dapat dibuka di {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("Cadangan tidak dapat dibuat di {path}: {reason}")]
    Backup { path: String, reason: String },
    /// A fresh copy failed `integrity_check`/`foreign_key_check`; it was deleted.
    #[error(
        "Cadangan gagal diperiksa ({detail}) sehingga dihapus dan tidak dihitung sebagai \
         cadangan. Basis data mungkin rusak: jalankan pemeriksaan basis data."
    )]
    BackupCheck { detail: String },
    /// A file offered for a restore is not a sound Bintek database.
    #[error("Berkas {path} tidak dapat dipakai untuk pemulihan: {reason}")]
    NotRestorable { path: String, reason: String },
    /// Another program (the desktop app, `bintek serve`) has the database open.
    #[error(
        "Basis data {path} sedang dipakai oleh aplikasi Bintek lain (jendela desktop atau \
         `bintek serve`). Tutup aplikasi itu terlebih dahulu, lalu ulangi."
    )]
    InUse { path: String },
    #[error("Berkas {path}: {reason}")]
    File { path: String, reason: String },
    /// The file's schema is not what Bintek creates for its version: an extra, missing or
    /// changed table, index, trigger or view (see `store::file::check_schema`).
    #[error("Berkas ini bukan basis data Bintek yang utuh: {detail}.")]
    ForeignSchema { detail: String },
}

impl StoreError {
    /// A file-system failure on `path`, with the system's reason.
    pub fn file(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        StoreError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}

/// Stable error codes; the UI and scripts branch on these, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields failed validation; `field` names the first.
    Validation,
    /// The request itself is malformed (wrong JSON shape or types).
    InvalidArgument,
    NotFound,
    /// The change clashes with existing data (already registered, NIK of someone else).
    Conflict,
    /// A check-in code or NIP of someone registered for another event.
    NotRegistered,
    /// A check-in of a registration that was cancelled or replaced.
    Cancelled,
    UnknownCommand,
    /// The caller's role may not run this command.
    Forbidden,
    Unauthorized,
    /// Too many wrong pairing PINs: pairing is locked for a while.
    TooManyAttempts,
    DatabaseTooNew,
    /// The database failed its health check at start and is open read-only: restore it
    /// from a good backup. The message names the newest good backup.
    ReadOnly,
    /// Another program has the database open (a restore needs it closed).
    DatabaseInUse,
    /// Certificates exist but the key that signed them is not here: nothing may sign
    /// until the organizer imports it (a new key would make them all forgeries).
    SigningKeyMissing,
    Database,
    Internal,
}

/// One field's problem, for forms that show every error next to its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The error every command returns: `{code, message, field}` (+ all field errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, ts_rs::TS)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
            errors: Vec::new(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    /// A validation error from a non-empty list of field errors: the first one becomes the
    /// headline `message` and `field`.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let (message, field) = match errors.first() {
            Some(first) => (first.message.clone(), Some(first.field.clone())),
            None => ("Data tidak valid.".to_string(), None),
        };
        ApiError {
            code: ErrorCode::Validation,
            message,
            field,
            errors,
        }
    }

    /// The same error with another code (e.g. a field error that is a conflict).
    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = code;
        self
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// The HTTP status the server answers with for this error.
    pub fn http_status(&self) -> u16 {
        match self.code {
            ErrorCode::Validation | ErrorCode::InvalidArgument => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::TooManyAttempts => 429,
            ErrorCode::NotFound | ErrorCode::UnknownCommand => 404,
            ErrorCode::Conflict
            | ErrorCode::NotRegistered
            | ErrorCode::Cancelled
            | ErrorCode::DatabaseTooNew
            | ErrorCode::ReadOnly
            | ErrorCode::DatabaseInUse
            | ErrorCode::SigningKeyMissing => 409,
            ErrorCode::Database | ErrorCode::Internal => 500,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::InUse { .. } => ErrorCode::DatabaseInUse,
            StoreError::NotRestorable { .. } | StoreError::ForeignSchema { .. } => {
                ErrorCode::InvalidArgument
            }
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::ReadOnly =>
            {
                // The Api replaces this with its own message naming a good backup.
                return ApiError::new(
                    ErrorCode::ReadOnly,
                    "Basis data terbuka hanya-baca: perubahan tidak dapat disimpan.",
                );
            }
            _ => ErrorCode::Database,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}
