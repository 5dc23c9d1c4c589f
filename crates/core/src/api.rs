//! The Api: every use-case, and the one command table that every front door (Tauri
//! command, `POST /api/{name}`, CLI) dispatches through.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ErrorCode, StoreError};
use crate::store::{self, OpenReport};

/// Who may run a command. A desk (a paired check-in browser) may run desk commands only;
/// the organizer's own window and CLI are admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Desk,
    Admin,
}

/// The caller of one command: its role and a name for the audit log ("desktop", "cli",
/// a desk name).
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: Role,
    pub actor: String,
}

impl Caller {
    pub fn admin(actor: &str) -> Self {
        Caller {
            role: Role::Admin,
            actor: actor.to_string(),
        }
    }
}

/// The application: one SQLite database and the use-cases on it.
pub struct Api {
    conn: Mutex<Connection>,
    path: PathBuf,
    report: OpenReport,
    /// The last import file read, so the commit after a preview does not parse it again.
    pub(crate) import_cache: crate::import::ParseCache,
}

impl Api {
    /// Opens (creating and migrating as needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Api, StoreError> {
        let (conn, report) = store::open(path)?;
        Ok(Api {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            report,
            import_cache: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    /// The connection. A panic in another thread while it was held leaves no open
    /// transaction behind (it rolls back on drop), so a poisoned lock is safe to reuse.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one short IMMEDIATE transaction; nothing is kept if it fails.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self.conn();
        store::with_tx(&mut conn, f)
    }

    pub fn app_info(&self, _caller: &Caller, _args: NoArgs) -> Result<AppInfo, ApiError> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: store::schema_version(),
            database: self.path.display().to_string(),
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoArgs {}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub schema_version: i64,
    pub database: String,
}

type Handler = fn(&Api, &Caller, Value) -> Result<Value, ApiError>;

/// One entry of the command table.
pub struct Command {
    pub name: &'static str,
    pub role: Role,
    pub summary: &'static str,
    handler: Handler,
}

/// Deserialises the arguments, runs the typed handler and serialises its result.
fn typed<A, R>(
    api: &Api,
    caller: &Caller,
    args: Value,
    f: fn(&Api, &Caller, A) -> Result<R, ApiError>,
) -> Result<Value, ApiError>
where
    A: DeserializeOwned,
    R: Serialize,
{
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    let args: A = serde_json::from_value(args).map_err(bad_args)?;
    let out = f(api, caller, args)?;
    serde_json::to_value(out).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn bad_args(e: serde_json::Error) -> ApiError {
    let text = e.to_string();
    let field = text
        .split('`')
        .nth(1)
        .filter(|_| text.starts_with("missing field") || text.starts_with("unknown field"))
        .map(str::to_string);
    ApiError {
        code: ErrorCode::InvalidArgument,
        message: format!("Data permintaan tidak valid: {text}"),
        field,
        errors: Vec::new(),
    }
}

macro_rules! command {
    ($name:literal, $role:ident, $summary:literal, $f:path) => {
        Command {
            name: $name,
            role: Role::$role,
            summary: $summary,
            handler: |api, caller, args| typed(api, caller, args, $f),
        }
    };
}

/// Every command of the app. The HTTP route `POST /api/{name}`, the Tauri command `api`
/// and the CLI all go through this table, so roles are checked in one place.
pub static COMMANDS: &[Command] = &[
    command!(
        "app_info",
        Desk,
        "Versi aplikasi dan lokasi basis data",
        Api::app_info
    ),
    command!("event_create", Admin, "Buat kegiatan", Api::event_create),
    command!("event_update", Admin, "Ubah kegiatan", Api::event_update),
    command!("event_get", Admin, "Ambil satu kegiatan", Api::event_get),
    command!("event_list", Admin, "Daftar kegiatan", Api::event_list),
    command!(
        "event_archive",
        Admin,
        "Arsipkan atau pulihkan kegiatan",
        Api::event_archive
    ),
    command!("opd_list", Admin, "Daftar OPD", Api::opd_list),
    command!("opd_create", Admin, "Tambah OPD", Api::opd_create),
    command!("opd_update", Admin, "Ubah OPD", Api::opd_update),
    command!(
        "opd_add_alias",
        Admin,
        "Tambah alias OPD",
        Api::opd_add_alias
    ),
    command!("opd_merge", Admin, "Gabungkan dua OPD", Api::opd_merge),
    command!("quota_set", Admin, "Atur kuota OPD", Api::quota_set),
    command!(
        "quota_list",
        Admin,
        "Kuota dan jumlah terdaftar per OPD",
        Api::quota_list
    ),
    command!(
        "participant_add",
        Admin,
        "Daftarkan peserta",
        Api::participant_add
    ),
    command!(
        "participant_update",
        Admin,
        "Ubah data peserta",
        Api::participant_update
    ),
    command!(
        "participant_get",
        Admin,
        "Ambil satu peserta",
        Api::participant_get
    ),
    command!(
        "participant_list",
        Admin,
        "Daftar peserta kegiatan",
        Api::participant_list
    ),
    command!(
        "participant_cancel",
        Admin,
        "Batalkan atau pulihkan pendaftaran",
        Api::participant_cancel
    ),
    command!(
        "participant_substitute",
        Admin,
        "Ganti peserta",
        Api::participant_substitute
    ),
    command!(
        "person_search",
        Admin,
        "Cari orang di semua kegiatan",
        Api::person_search
    ),
    command!(
        "participant_import",
        Admin,
        "Impor daftar peserta",
        Api::participant_import
    ),
    command!(
        "participant_import_rejects",
        Admin,
        "Baris impor yang ditolak",
        Api::participant_import_rejects
    ),
    command!(
        "participant_export",
        Admin,
        "Ekspor peserta",
        Api::participant_export
    ),
    command!("session_add", Admin, "Tambah sesi agenda", Api::session_add),
    command!(
        "session_update",
        Admin,
        "Ubah sesi agenda",
        Api::session_update
    ),
    command!(
        "session_delete",
        Admin,
        "Hapus sesi agenda",
        Api::session_delete
    ),
    command!("session_list", Desk, "Agenda kegiatan", Api::session_list),
    command!(
        "session_assign",
        Admin,
        "Tugaskan narasumber/moderator",
        Api::session_assign
    ),
    command!(
        "session_unassign",
        Admin,
        "Lepas narasumber/moderator",
        Api::session_unassign
    ),
    command!(
        "speaker_add",
        Admin,
        "Tambah narasumber/moderator",
        Api::speaker_add
    ),
    command!(
        "speaker_list",
        Admin,
        "Narasumber dan moderator",
        Api::speaker_list
    ),
    command!(
        "signatory_list",
        Admin,
        "Penanda tangan kegiatan",
        Api::signatory_list
    ),
    command!(
        "signatory_set",
        Admin,
        "Atur penanda tangan",
        Api::signatory_set
    ),
    command!(
        "event_clone",
        Admin,
        "Salin kegiatan ke tanggal baru",
        Api::event_clone
    ),
    command!("agenda_pdf", Admin, "Cetak jadwal acara", Api::agenda_pdf),
    command!("checkin", Desk, "Catat kehadiran", Api::checkin),
    command!(
        "checkin_undo",
        Desk,
        "Batalkan kehadiran",
        Api::checkin_undo
    ),
    command!(
        "checkin_walkin",
        Desk,
        "Daftar dan hadir di tempat",
        Api::checkin_walkin
    ),
    command!(
        "desk_search",
        Desk,
        "Cari peserta di meja registrasi",
        Api::desk_search
    ),
    command!(
        "attendance_list",
        Desk,
        "Daftar kehadiran",
        Api::attendance_list
    ),
    command!(
        "attendance_counts",
        Desk,
        "Jumlah hadir per sesi dan OPD",
        Api::attendance_counts
    ),
    command!(
        "badges_pdf",
        Admin,
        "Cetak kartu peserta (QR)",
        Api::badges_pdf
    ),
    command!(
        "attendance_sheet_pdf",
        Admin,
        "Cetak daftar hadir sesi",
        Api::attendance_sheet_pdf
    ),
    command!(
        "attendance_recap",
        Admin,
        "Rekap kehadiran (PDF/XLSX)",
        Api::attendance_recap
    ),
    command!(
        "desk_list",
        Admin,
        "Meja registrasi terpasang",
        Api::desk_list
    ),
    command!(
        "desk_revoke",
        Admin,
        "Cabut akses meja registrasi",
        Api::desk_revoke
    ),
    command!(
        "desk_events",
        Desk,
        "Kegiatan untuk meja registrasi",
        Api::desk_events
    ),
];

pub fn find_command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Runs command `name` with JSON `args` for `caller`, checking the caller's role.
pub fn dispatch(api: &Api, caller: &Caller, name: &str, args: Value) -> Result<Value, ApiError> {
    let cmd = find_command(name).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownCommand,
            format!("Perintah tidak dikenal: \"{name}\"."),
        )
    })?;
    if caller.role < cmd.role {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "Perintah \"{name}\" hanya untuk panitia (admin), tidak untuk meja registrasi."
            ),
        ));
    }
    (cmd.handler)(api, caller, args)
}
